#include "api/apierror.h"
#include "api/targetmessages.h"
#include "model/protojson.h"
#include "model/target.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace targetdesk;
using namespace std::chrono_literals;

class TestProtojson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<QString>("shortest");
        QTest::newRow("whole") << "10s" << qint64(10'000'000'000) << "10s"
                               << "10s";
        QTest::newRow("half") << "1.5s" << qint64(1'500'000'000) << "1.500s"
                              << "1.5s";
        QTest::newRow("millis") << "0.250s" << qint64(250'000'000) << "0.250s"
                                << "0.25s";
        QTest::newRow("micros") << "0.000001s" << qint64(1'000) << "0.000001s"
                                << "0.000001s";
        QTest::newRow("nanos") << "1.000000001s" << qint64(1'000'000'001) << "1.000000001s"
                               << "1.000000001s";
        QTest::newRow("zero") << "0s" << qint64(0) << "0s"
                              << "0s";
        QTest::newRow("negative") << "-2.5s" << qint64(-2'500'000'000) << "-2.500s"
                                  << "-2.5s";
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, nanos);
        QFETCH(QString, canonical);
        QFETCH(QString, shortest);
        const auto d = protojson::parseDuration(text);
        QVERIFY(d.has_value());
        QCOMPARE(d->count(), nanos);
        QCOMPARE(protojson::formatDuration(*d), canonical);
        QCOMPARE(protojson::formatDurationShort(*d), shortest);
    }
    void badDurations()
    {
        for (const char *bad : {"", "10", "s", "1.s", "1.0000000001s", "ten", "10 s", "1e3s", "+1s", "10ms"})
            QVERIFY2(!protojson::parseDuration(QLatin1String(bad)), bad);
    }
    void timestamps()
    {
        const auto t = protojson::parseTimestamp(QStringLiteral("2026-01-02T03:04:05.123Z"));
        QVERIFY(t.has_value());
        QCOMPARE(t->date(), QDate(2026, 1, 2));
        QCOMPARE(t->time(), QTime(3, 4, 5, 123));
        QCOMPARE(protojson::formatTimestamp(*t), QStringLiteral("2026-01-02T03:04:05.123Z"));

        const auto offset = protojson::parseTimestamp(QStringLiteral("2026-01-02T05:04:05+02:00"));
        QVERIFY(offset.has_value());
        QCOMPARE(protojson::formatTimestamp(*offset), QStringLiteral("2026-01-02T03:04:05Z"));

        const auto nanos = protojson::parseTimestamp(QStringLiteral("2026-01-02T03:04:05.123456789Z"));
        QVERIFY(nanos.has_value());
        QCOMPARE(nanos->time().msec(), 123);

        for (const char *bad : {"2026-01-02", "2026-13-02T03:04:05Z", "2026-01-02T03:04:05", "yesterday",
                                "2026-01-02T25:04:05Z", "2026-01-02T03:04:05+24:00"})
            QVERIFY2(!protojson::parseTimestamp(QLatin1String(bad)), bad);
    }
    void uint64s()
    {
        QCOMPARE(protojson::parseUint64(QJsonValue(QStringLiteral("42"))), std::optional<quint64>(42));
        QCOMPARE(protojson::parseUint64(QJsonValue(42)), std::optional<quint64>(42));
        QCOMPARE(protojson::parseUint64(QJsonValue(QStringLiteral("18446744073709551615"))),
                 std::optional<quint64>(18446744073709551615ULL));
        QVERIFY(!protojson::parseUint64(QJsonValue(-1)));
        QVERIFY(!protojson::parseUint64(QJsonValue(1.5)));
        QVERIFY(!protojson::parseUint64(QJsonValue(QStringLiteral("x"))));
        QVERIFY(!protojson::parseUint64(QJsonValue(true)));
    }
    void targetFromZitadelJson()
    {
        const QByteArray json =
            R"({"id":"312","creationDate":"2026-01-02T03:04:05.123Z",)"
            R"("changeDate":"2026-01-03T03:04:05Z","name":"hook","restCall":{"interruptOnError":true},)"
            R"("timeout":"1.500s","endpoint":"https://hooks.example/x","signingKey":"abc",)"
            R"("payloadType":"PAYLOAD_TYPE_JWE","someFutureField":{"x":1}})";
        const auto p = targetFromJson(QJsonDocument::fromJson(json).object());
        QVERIFY2(p.target.has_value(), qPrintable(p.error));
        const Target &t = *p.target;
        QCOMPARE(t.id, QStringLiteral("312"));
        QCOMPARE(t.name, QStringLiteral("hook"));
        QCOMPARE(t.type, TargetType::Call);
        QVERIFY(t.interruptOnError);
        QCOMPARE(t.timeout, Duration(1500ms));
        QCOMPARE(t.payloadType, PayloadType::Jwe);
        QCOMPARE(t.signingKey, QStringLiteral("abc"));
        QCOMPARE(t.creationDate.time().msec(), 123);
    }
    void omittedZeroValues()
    {
        // restWebhook:{} is a webhook that does not interrupt; a missing payloadType means unspecified (JSON).
        const auto p = targetFromJson(QJsonDocument::fromJson(R"({"id":"1","restWebhook":{}})").object());
        QVERIFY(p.target.has_value());
        QCOMPARE(p.target->type, TargetType::Webhook);
        QVERIFY(!p.target->interruptOnError);
        QCOMPARE(p.target->effectivePayloadType(), PayloadType::Json);
        QCOMPARE(p.target->timeout.count(), 0);
    }
    void wrongTypesAreErrors()
    {
        QVERIFY(!targetFromJson(QJsonDocument::fromJson(R"({"name":5})").object()).target);
        QVERIFY(!targetFromJson(QJsonDocument::fromJson(R"({"timeout":"soon"})").object()).target);
        QVERIFY(!targetFromJson(QJsonDocument::fromJson(R"({"restWebhook":{},"restCall":{}})").object()).target);
        QVERIFY(!targetFromJson(QJsonDocument::fromJson(R"({"creationDate":"today"})").object()).target);
        const auto p = targetFromJson(QJsonDocument::fromJson(R"({"restAsync":{"interruptOnError":"yes"}})").object());
        QVERIFY(!p.target);
        QVERIFY(p.error.contains(QLatin1String("interruptOnError")));
    }
    void targetRoundTrip()
    {
        Target t;
        t.id = QStringLiteral("7");
        t.name = QStringLiteral("n");
        t.type = TargetType::Async;
        t.interruptOnError = false;
        t.timeout = 270s;
        t.endpoint = QStringLiteral("https://a.example");
        t.payloadType = PayloadType::Jwt;
        t.creationDate = QDateTime(QDate(2026, 5, 6), QTime(7, 8, 9, 10), Qt::UTC);
        const QJsonObject o = targetToJson(t);
        QCOMPARE(o.value(QLatin1String("restAsync")).toObject(), QJsonObject());
        QCOMPARE(o.value(QLatin1String("timeout")).toString(), QStringLiteral("270s"));
        QVERIFY(!o.contains(QLatin1String("changeDate")));
        const auto back = targetFromJson(o);
        QVERIFY(back.target.has_value());
        QCOMPARE(*back.target, t);
    }
    void createRequestJson()
    {
        CreateTargetRequest r;
        r.name = QStringLiteral("x");
        r.type = TargetType::Call;
        r.interruptOnError = true;
        r.timeout = 1500ms;
        r.endpoint = QStringLiteral("https://a.example");
        r.payloadType = PayloadType::Jwe;
        const QJsonObject o = r.toJson();
        QCOMPARE(QJsonDocument(o).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"endpoint":"https://a.example","name":"x","payloadType":"PAYLOAD_TYPE_JWE",)"
                            R"("restCall":{"interruptOnError":true},"timeout":"1.5s"})"));
        r.type = TargetType::Async; // async never carries interruptOnError
        QCOMPARE(r.toJson().value(QLatin1String("restAsync")).toObject(), QJsonObject());
    }
    void patchSendsOnlyChangedFields()
    {
        Target before;
        before.name = QStringLiteral("a");
        before.type = TargetType::Webhook;
        before.timeout = 10s;
        before.endpoint = QStringLiteral("https://a.example");
        before.payloadType = PayloadType::Json;
        Target after = before;
        QVERIFY(TargetPatch::diff(before, after).isEmpty());

        after.timeout = 20s;
        QCOMPARE(QJsonDocument(TargetPatch::diff(before, after).toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"timeout":"20s"})"));

        after = before;
        after.interruptOnError = true; // the flag travels inside the type object
        QCOMPARE(QJsonDocument(TargetPatch::diff(before, after).toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"restWebhook":{"interruptOnError":true}})"));

        before.payloadType = PayloadType::Unspecified; // unspecified is JSON: not a change
        QVERIFY(!TargetPatch::diff(before, before).payloadType);
        after = before;
        after.payloadType = PayloadType::Json;
        QVERIFY(TargetPatch::diff(before, after).isEmpty());

        TargetPatch rotate;
        rotate.rotateSigningKey = true;
        QCOMPARE(QJsonDocument(rotate.toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"expirationSigningKey":"0s"})"));
    }
    void queryJson()
    {
        TargetQuery q;
        QCOMPARE(q.toJson(), QJsonObject());
        q.offset = 2000;
        q.limit = 1000;
        q.asc = true;
        q.sortingColumn = TargetSortColumn::Name;
        q.nameFilter = QStringLiteral("hook");
        q.nameFilterMethod = TextFilterMethod::StartsWithIgnoreCase;
        q.idFilter = QStringList{QStringLiteral("1"), QStringLiteral("2")};
        QCOMPARE(QJsonDocument(q.toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"filters":[{"targetNameFilter":{"method":"TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE",)"
                            R"("targetName":"hook"}},{"inTargetIdsFilter":{"targetIds":["1","2"]}}],)"
                            R"("pagination":{"asc":true,"limit":1000,"offset":"2000"},)"
                            R"("sortingColumn":"TARGET_FIELD_NAME_NAME"})"));
    }
    void errorBody()
    {
        const QByteArray body =
            R"json({"code":5,"message":"Target not found (COMMAND-xj14f2cccn)","details":[)json"
            R"json({"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"COMMAND-xj14f2cccn","message":"Target not found"}]})json";
        const ApiError e = ApiError::fromHttp(404, body);
        QCOMPARE(e.kind, ApiError::Kind::Server);
        QCOMPARE(e.httpStatus, 404);
        QCOMPARE(e.grpcCode, 5);
        QCOMPARE(e.errorId, QStringLiteral("COMMAND-xj14f2cccn"));
        QCOMPARE(e.message, QStringLiteral("Target not found (COMMAND-xj14f2cccn)"));
        QCOMPARE(e.detailMessage, QStringLiteral("Target not found"));
        QCOMPARE(e.toString(), QStringLiteral("Target not found (COMMAND-xj14f2cccn) [HTTP 404, NotFound]"));
    }
    void authErrorIdFromMessage()
    {
        const ApiError e =
            ApiError::fromHttp(401, R"json({"code":16,"message":"Errors.Token.Invalid (AUTH-7fs1e)"})json");
        QCOMPARE(e.grpcCode, 16);
        QCOMPARE(e.errorId, QStringLiteral("AUTH-7fs1e"));
        QVERIFY(e.toString().contains(QLatin1String("Unauthenticated")));
    }
    void unparseableErrorBody()
    {
        const ApiError e = ApiError::fromHttp(502, "<html>Bad Gateway</html>");
        QCOMPARE(e.httpStatus, 502);
        QCOMPARE(e.grpcCode, -1);
        QVERIFY(e.message.contains(QLatin1String("502")));
        QVERIFY(e.message.contains(QLatin1String("Bad Gateway")));
        QVERIFY(ApiError::fromHttp(500, {}).message.contains(QLatin1String("500")));
    }
    void grpcMapping()
    {
        QCOMPARE(httpStatusForGrpcCode(3), 400);
        QCOMPARE(httpStatusForGrpcCode(5), 404);
        QCOMPARE(httpStatusForGrpcCode(6), 409);
        QCOMPARE(httpStatusForGrpcCode(7), 403);
        QCOMPARE(httpStatusForGrpcCode(9), 400);
        QCOMPARE(httpStatusForGrpcCode(13), 500);
        QCOMPARE(httpStatusForGrpcCode(14), 503);
        QCOMPARE(httpStatusForGrpcCode(16), 401);
        QCOMPARE(grpcCodeName(9), QStringLiteral("FailedPrecondition"));
    }
};

QTEST_GUILESS_MAIN(TestProtojson)
#include "tst_protojson.moc"
