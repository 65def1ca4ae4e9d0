#include "palettecheck.h"

#include "api/zitadelclient.h"
#include "connections/connectioninfo.h"
#include "crypto/jwe.h"
#include "crypto/privatekey.h"
#include "crypto/webhooksignature.h"
#include "inspector/bulkinspection.h"
#include "inspector/bulkinspectionmodel.h"
#include "inspector/bulkinspectionview.h"
#include "inspector/inspectionrunner.h"
#include "inspector/inspectionview.h"
#include "inspector/inspectorbadge.h"
#include "inspector/inspectorinput.h"
#include "inspector/inspectorinstance.h"
#include "inspector/inspectorkeyring.h"
#include "inspector/inspectorwindow.h"
#include "inspector/jsontreeview.h"
#include "model/jsontreemodel.h"
#include "openssl.h"
#include "privatekeyring.h"
#include "sandbox/sandbox.h"
#include "shell/mainwindow.h"
#include "testutil.h"
#include "vault/vault.h"
#include "widgets/noticebar.h"
#include "widgets/secretclipboard.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

#include <cmath>
#include <memory>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

namespace
{

// The t= of the committed captures (2026-01-01T00:00:00Z).
constexpr qint64 captureTime = 1767225600;
constexpr int bulkTimeoutMs = 120'000;

QString dataPath(const QString &name)
{
    return QStringLiteral(TARGETDESK_TEST_DATA "/jose/") + name;
}

QByteArray readData(const QString &name)
{
    QFile file(dataPath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

// A token from the jwcrypto interop vectors, by name ("zitadel-rsa-2048-event").
QByteArray vector(const QString &name)
{
    const QJsonArray all = QJsonDocument::fromJson(readData(QStringLiteral("interop/vectors-jwcrypto.json"))).array();
    for (const QJsonValue &entry : all) {
        if (entry[QLatin1String("name")].toString() == name)
            return entry[QLatin1String("token")].toString().toUtf8();
    }
    qFatal("no vector %s", qPrintable(name));
}

QString badgeText(const InspectorBadge *badge)
{
    return badge->isVisibleTo(badge->window()) ? badge->badgeText() : QString();
}

QString explanationOf(const InspectionView *view, InspectorBadge *badge)
{
    return view->explanation(badge)->text();
}

// Adds a key file and waits until the window has read it (keys are decrypted on a worker); true when it was added.
bool addKey(InspectorWindow &window, const QString &path)
{
    auto added = std::make_shared<std::optional<bool>>();
    window.addKeyFile(path, [added](bool ok) { *added = ok; });
    QDeadlineTimer deadline(30'000);
    while (!added->has_value() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return added->value_or(false);
}

// An encrypted PKCS#8 PEM whose PBKDF2 iteration count 1000000 (the cap) is changed to 1000001: the same DER length,
// so the file stays well-formed and is refused for its cost alone (without anyone running that KDF).
QByteArray overTheCap(const QByteArray &pem)
{
    const QByteArray begin = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    const QByteArray end = "-----END ENCRYPTED PRIVATE KEY-----";
    const qsizetype from = pem.indexOf(begin) + begin.size();
    QByteArray der = QByteArray::fromBase64(pem.mid(from, pem.indexOf(end) - from).simplified().replace(' ', ""));
    const qsizetype at = der.indexOf(QByteArray::fromHex("02030f4240"));
    if (at < 0)
        return {};
    der.replace(at, 5, QByteArray::fromHex("02030f4241"));
    QByteArray out = begin + '\n';
    const QByteArray base64 = der.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        out += base64.mid(i, 64) + '\n';
    return out + end + '\n';
}

// Waits until the window has inspected what is in its input (and anything that followed: vault keys, lookups).
bool settle(InspectorWindow &window, int ms = 300)
{
    QElapsedTimer quiet;
    quiet.start();
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < 20'000) {
        QTest::qWait(20);
        if (window.runner()->isBusy())
            quiet.restart();
        else if (quiet.elapsed() >= ms)
            return window.resultView()->result().has_value();
    }
    return false;
}

// Puts text into the input and waits for its result, so no check can pass on the previous one.
bool show(InspectorWindow &window, const QByteArray &text)
{
    window.setInput(QString::fromUtf8(text));
    return settle(window);
}

// Saves what the window looks like when TARGETDESK_SCREENSHOT_DIR is set (to look at it; nothing is compared).
void keepScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("TARGETDESK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name);
}

// A started sandbox and a client connected to it.
struct Instance {
    sandbox::Sandbox sandbox;
    ZitadelClient client;

    Instance()
    {
        QString error;
        if (!sandbox.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("sandbox did not start: %s", qPrintable(error));
        client.setInstance(sandbox.url());
        client.setToken(sandbox.generateToken(sandbox::Role::ReadWrite));
    }
};

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void decryptsPastedJweWithKeyFile();
    void jsonTreeSearchAndCopy();
    void encryptedKeyFileAsksForPassphrase();
    void keyFileDecryptsOffTheGuiThread();
    void jwksFromSandboxVerifiesJwt();
    void jwksFileVerifiesOffline();
    void webhookSignatureWithSigningKey();
    void signingKeyFromTargetComboAndKid();
    void malformedInputSaysWhy();
    void droppedFileIsInspected();
    void headersShowCaptureAndJoseLayers();
    void bulkInspectsLargeFileInOrder();
    void bulkCanBeCancelled();
    void bulkStreamsInBoundedWindows();
    void bulkModelsUnderTester();
    void vaultKeyPickedByKid();
    void mainWindowOpensInspector();
    void secretsStayOutOfSettings();
    void readableInLightAndDarkPalettes();

private:
    QTemporaryDir m_dir;
    QString m_bulkFile;
    QMap<inspect::ExitClass, int> m_bulkCounts;
    int m_bulkLines = 0;
    QList<int> m_bulkLineNumbers;
    const QByteArray m_passphrase = QByteArrayLiteral("correct horse battery staple");
};

void TestInspector::initTestCase()
{
    // Never the user's keyring or settings: main() re-launched us inside a private session.
    QVERIFY(qEnvironmentVariableIsSet(targetdesk::test::kPrivateKeyringVariable));
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("TargetdeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inspector"));

    // A bulk file of 2,400 lines: ZITADEL-shaped JWEs (RSA keys: one we have, one we do not), captured JSON
    // deliveries, malformed lines, and blank lines (skipped, but the numbering counts them).
    const QList<QByteArray> captures = readData(QStringLiteral("interop/captures.jsonl")).split('\n');
    const QByteArray known = vector(QStringLiteral("zitadel-rsa-2048-event"));
    const QByteArray unknown = vector(QStringLiteral("zitadel-rsa-3072-request"));
    m_bulkFile = m_dir.filePath(QStringLiteral("bulk.jsonl"));
    QFile file(m_bulkFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 1; i <= 2400; ++i) {
        QByteArray line;
        inspect::ExitClass expected = inspect::ExitClass::Ok;
        if (i % 300 == 0) {
            line = QByteArray(); // blank
        } else if (i % 100 == 0) {
            line = QByteArrayLiteral("this is not a delivery");
            expected = inspect::ExitClass::Malformed;
        } else if (i % 10 == 0) {
            line = unknown;
            expected = inspect::ExitClass::CannotDecrypt;
        } else if (i % 3 == 0) {
            line = captures.at(0).trimmed(); // a captured JSON request delivery
        } else {
            line = known;
        }
        file.write(line + '\n');
        if (line.isEmpty())
            continue;
        ++m_bulkLines;
        ++m_bulkCounts[expected];
        m_bulkLineNumbers.append(i);
    }
    file.close();
    QVERIFY(m_bulkLines >= 2000);
}

void TestInspector::init()
{
    QApplication::clipboard()->clear();
}

void TestInspector::decryptsPastedJweWithKeyFile()
{
    InspectorWindow window(nullptr, nullptr);
    window.show();
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-ec-p256.pem"))));
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    QCOMPARE(window.keyList()->count(), 2);

    // Pasted the way a user pastes: into the input, inspected after the typing pause.
    window.input()->setFocus();
    QApplication::clipboard()->setText(QString::fromUtf8(vector(QStringLiteral("zitadel-rsa-2048-event"))));
    QTest::keySequence(window.input(), QKeySequence::Paste);
    InspectionView *view = window.resultView();
    QTRY_COMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(view->headline()->text(), QStringLiteral("Event: user.human.added"));
    QVERIFY(explanationOf(view, view->decryptionBadge()).contains(QStringLiteral("enc-rsa-2048.pem")));
    QCOMPARE(view->result()->report.decryptedWith, QStringLiteral("enc-rsa-2048.pem"));
    // Offline and without a JWKS the inner JWT is read but not verified.
    QCOMPARE(badgeText(view->signatureBadge()), QStringLiteral("Unverified"));
    QCOMPARE(badgeText(view->webhookBadge()), QStringLiteral("Webhook signature not checked"));
    QVERIFY(!view->errorBox()->isVisibleTo(&window));
    const auto *times = view->findChild<QLabel *>(QStringLiteral("inspectionTimes"));
    QVERIFY(times->text().contains(QStringLiteral("2026-01-01 00:00:02 UTC")));

    // The EC key is tried for an EC token even though it was added first for RSA too.
    QVERIFY(show(window, vector(QStringLiteral("zitadel-ec-p256-request"))));
    QTRY_COMPARE(view->headline()->text(),
                 QStringLiteral("Request execution: /zitadel.user.v2.UserService/AddHumanUser"));
    QCOMPARE(view->result()->report.decryptedWith, QStringLiteral("enc-ec-p256.pem"));

    // Without the fitting key: could not decrypt, and the kid is unknown (no vault, not connected).
    window.keyRing()->removeKey(0);
    QCOMPARE(window.keyList()->count(), 1);
    QTRY_COMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Could not decrypt"));
    QVERIFY(explanationOf(view, view->decryptionBadge()).contains(QStringLiteral("310000000000000003")));
    QCOMPARE(badgeText(view->unknownKidBadge()), QStringLiteral("Unknown key id"));
    QVERIFY(view->headline()->text().contains(QStringLiteral("310000000000000003")));
}

void TestInspector::jsonTreeSearchAndCopy()
{
    InspectorWindow window(nullptr, nullptr);
    window.show();
    JsonTreeView *json = window.resultView()->jsonView();
    QAbstractItemModelTester modelTester(json->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(json->proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    QVERIFY(show(window, vector(QStringLiteral("zitadel-rsa-2048-request"))));
    QTRY_COMPARE(badgeText(window.resultView()->decryptionBadge()), QStringLiteral("Decrypted"));
    QTRY_VERIFY(json->model()->nodeCount() > 10);
    const QModelIndex method = json->model()->indexForPath(QStringLiteral("fullMethod"));
    QCOMPARE(method.siblingAtColumn(1).data().toString(), QStringLiteral("/zitadel.user.v2.UserService/AddHumanUser"));
    QCOMPARE(json->model()->indexForPath(QStringLiteral("userID")).siblingAtColumn(1).data().toString(),
             QStringLiteral("300000000000000004"));

    // Copy a value with Ctrl+C in the tree.
    QVERIFY(json->selectPath(QStringLiteral("request.email.email")));
    json->treeView()->setFocus();
    QTest::keySequence(json->treeView(), QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("minnie@example.com"));
    // Decrypted values are copied as secrets: the password-manager hint, and cleared after the delay.
    QCOMPARE(QApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArrayLiteral("secret"));
    QVERIFY(json->secretClipboard()->isClearPending());

    // Copy a subtree from the context menu's action: indented JSON of just that part.
    QVERIFY(json->selectPath(QStringLiteral("request.profile")));
    json->copyAction()->trigger();
    QCOMPARE(QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object(),
             (QJsonObject{{QStringLiteral("givenName"), QStringLiteral("Minnie")},
                          {QStringLiteral("familyName"), QStringLiteral("Mouse")}}));
    json->copyPathAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("request.profile"));

    // Search filters to the matches (keys and values) and the path to them.
    QTest::keyClicks(json->searchField(), QStringLiteral("mouse"));
    QCOMPARE(json->proxy()->rowCount(), 1);
    const QModelIndex request = json->proxy()->index(0, 0);
    QCOMPARE(request.data().toString(), QStringLiteral("request"));
    QVERIFY(json->treeView()->isExpanded(request));
    json->searchField()->setText(QStringLiteral("x-request-id"));
    QCOMPARE(json->proxy()->rowCount(), 1);
    QCOMPARE(json->proxy()->index(0, 0).data().toString(), QStringLiteral("headers"));
    json->searchField()->setText(QStringLiteral("nothing like this"));
    QCOMPARE(json->proxy()->rowCount(), 0);
    QVERIFY(json->findChild<QLabel *>(QStringLiteral("jsonMatchLabel"))->isVisibleTo(&window));
    json->searchField()->clear();
    QVERIFY(json->proxy()->rowCount() > 5);

    // Ctrl+F goes to the search field.
    window.activateWindow();
    window.input()->setFocus();
    QTest::keySequence(&window, QKeySequence::Find);
    QTRY_VERIFY(json->searchField()->hasFocus());

    // A new result replaces the tree (and the testers watch the reset).
    QVERIFY(show(window, readData(QStringLiteral("interop/payload-function.json"))));
    QTRY_VERIFY(json->model()->indexForPath(QStringLiteral("function")).isValid());
}

void TestInspector::encryptedKeyFileAsksForPassphrase()
{
    // The rsa-2048 target key, encrypted with a passphrase.
    const crypto::PrivateKey key =
        crypto::PrivateKey::fromPem(readData(QStringLiteral("interop/enc-rsa-2048.pem"))).value();
    const QString path = m_dir.filePath(QStringLiteral("encrypted.pem"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(key.encryptedPrivateKeyPem(m_passphrase).value());
    }
    InspectorWindow window(nullptr, nullptr);
    QStringList asked;
    QList<QByteArray> answers{QByteArrayLiteral("wrong"), m_passphrase};
    window.setPassphrasePrompt([&](const QString &fileName, bool again) -> std::optional<QByteArray> {
        asked.append(fileName + (again ? QStringLiteral(" again") : QString()));
        if (answers.isEmpty())
            return std::nullopt;
        return answers.takeFirst();
    });
    QVERIFY(addKey(window, path));
    QCOMPARE(asked, (QStringList{QStringLiteral("encrypted.pem"), QStringLiteral("encrypted.pem again")}));
    QVERIFY(show(window, vector(QStringLiteral("zitadel-rsa-2048-event"))));
    QTRY_COMPARE(badgeText(window.resultView()->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(window.resultView()->result()->report.decryptedWith, QStringLiteral("encrypted.pem"));

    // Giving up adds nothing and says so.
    asked.clear();
    QVERIFY(!addKey(window, path));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(window.keyList()->count(), 1);
    QVERIFY(window.notice()->isVisibleTo(&window) || !window.notice()->text().isEmpty());
    QVERIFY(window.notice()->text().contains(QStringLiteral("encrypted.pem")));

    // Not a key at all.
    QVERIFY(!addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pub.pem"))));
    QCOMPARE(window.keyList()->count(), 1);
}

// An encrypted key file runs its own key derivation (here PBKDF2 at the cap, a million iterations): on a worker, while
// the window keeps handling events, says it is at work and takes no second file; then the key is there. A file above
// the cap is refused for its cost, before any passphrase is asked for.
void TestInspector::keyFileDecryptsOffTheGuiThread()
{
    const QString costly = m_dir.filePath(QStringLiteral("costly.pem"));
    const OpensslRun run = openssl(
        {QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"),
         QStringLiteral("-v2prf"), QStringLiteral("hmacWithSHA256"), QStringLiteral("-iter"), QStringLiteral("1000000"),
         QStringLiteral("-passout"), QStringLiteral("env:TDTEST_PW")},
        readData(QStringLiteral("interop/enc-rsa-2048.pem")), QString::fromUtf8(m_passphrase));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    {
        QFile file(costly);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(run.out);
    }
    InspectorWindow window(nullptr, nullptr);
    window.show();
    int prompts = 0;
    int ticks = 0;
    int ticksAtPrompt = -1;
    window.setPassphrasePrompt([&](const QString &, bool) {
        ++prompts;
        ticksAtPrompt = ticks;
        return std::optional<QByteArray>(m_passphrase);
    });
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    auto *button = window.findChild<QPushButton *>(QStringLiteral("addKeyButton"));
    auto *busy = window.findChild<QProgressBar *>(QStringLiteral("keyFileBusyIndicator"));
    QVERIFY(button && busy);
    QVERIFY(button->isEnabled());

    std::optional<bool> added;
    int ticksWhenAdded = -1;
    bool busyWhenAdded = true;
    window.addKeyFile(costly, [&](bool ok) {
        added = ok;
        ticksWhenAdded = ticks;
        busyWhenAdded = window.isReadingKeyFile();
    });
    // The call returned before the key was read; the key section says it is at work and takes no second file.
    QVERIFY(!added.has_value());
    QCOMPARE(window.keyList()->count(), 0);
    QVERIFY(window.isReadingKeyFile());
    QVERIFY(busy->isVisible());
    QVERIFY(!button->isEnabled());
    QVERIFY(!window.addKeyAction()->isEnabled());
    keepScreenshot(&window, QStringLiteral("inspector-key-file-busy.png"));
    std::optional<bool> second;
    window.addKeyFile(dataPath(QStringLiteral("interop/enc-rsa-2048.pem")), [&second](bool ok) { second = ok; });
    QVERIFY(!second.has_value());
    QTRY_VERIFY(second.has_value());
    QVERIFY(!*second);
    QVERIFY2(window.notice()->text().contains(QStringLiteral("still being read")), qPrintable(window.notice()->text()));

    QTRY_VERIFY_WITH_TIMEOUT(added.has_value(), 30'000);
    QVERIFY(*added);
    QCOMPARE(prompts, 1);
    // The GUI thread's timer kept ticking while the worker derived the key from the passphrase.
    QVERIFY2(ticksWhenAdded - ticksAtPrompt >= 8,
             qPrintable(QStringLiteral("%1 ticks during the key derivation").arg(ticksWhenAdded - ticksAtPrompt)));
    QVERIFY(!busyWhenAdded);
    QCOMPARE(window.keyList()->count(), 1);
    QCOMPARE(window.keyList()->item(0)->text(), QStringLiteral("costly.pem"));
    QVERIFY(!busy->isVisible());
    QVERIFY(button->isEnabled());
    QVERIFY(window.addKeyAction()->isEnabled());
    QVERIFY(show(window, vector(QStringLiteral("zitadel-rsa-2048-event"))));
    QTRY_COMPARE(badgeText(window.resultView()->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(window.resultView()->result()->report.decryptedWith, QStringLiteral("costly.pem"));

    // One iteration more than the cap: the cost is named, no passphrase is asked for, nothing is added.
    const QString tooCostly = m_dir.filePath(QStringLiteral("too-costly.pem"));
    {
        const QByteArray pem = overTheCap(run.out);
        QVERIFY(!pem.isEmpty());
        QFile file(tooCostly);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pem);
    }
    QVERIFY(!addKey(window, tooCostly));
    QCOMPARE(prompts, 1);
    keepScreenshot(&window, QStringLiteral("inspector-key-file-too-costly.png"));
    QCOMPARE(window.keyList()->count(), 1);
    const QString notice = window.notice()->text();
    QVERIFY2(notice.contains(QStringLiteral("too-costly.pem")) &&
                 notice.contains(QStringLiteral("PBKDF2 with 1000001 iterations")) &&
                 notice.contains(QStringLiteral("cap of 1000000 iterations")),
             qPrintable(notice));
    QVERIFY(button->isEnabled());
}

void TestInspector::jwksFromSandboxVerifiesJwt()
{
    Instance instance;
    InspectorWindow window(&instance.client, nullptr);
    window.show();
    // Connected: the JWKS is fetched by itself.
    QTRY_VERIFY_WITH_TIMEOUT(window.instance()->jwks().has_value(), 15000);
    QCOMPARE(instance.sandbox.requestCount(QStringLiteral("Keys")), 1);
    QVERIFY(window.jwksLabel()->text().contains(instance.sandbox.webKeyId()));

    const QByteArray payload = readData(QStringLiteral("interop/payload-event.json"));
    const QByteArray jwt = instance.sandbox.signJws(payload);
    QVERIFY(!jwt.isEmpty());
    InspectionView *view = window.resultView();
    QVERIFY(show(window, jwt));
    QTRY_COMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signed by the instance"));
    QVERIFY(explanationOf(view, view->signatureBadge()).contains(instance.sandbox.webKeyId()));
    QCOMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Not encrypted"));
    QCOMPARE(view->headline()->text(), QStringLiteral("Event: user.human.added"));
    QVERIFY(!view->unknownKidBadge()->isVisibleTo(&window));

    // One changed byte of the payload part: the signature no longer holds.
    QList<QByteArray> parts = jwt.split('.');
    QByteArray changedPayload = QJsonDocument::fromJson(payload).toJson(QJsonDocument::Compact);
    changedPayload.replace("minnie", "mickey");
    parts[1] = changedPayload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QVERIFY(show(window, parts.join('.')));
    QTRY_COMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signature invalid"));
    QCOMPARE(view->result()->report.exitClass, inspect::ExitClass::SignatureInvalid);

    // A JWT signed by someone the instance's JWKS does not know.
    QVERIFY(show(window, vector(QStringLiteral("jwt-RS256"))));
    QTRY_COMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signature invalid"));
    QCOMPARE(badgeText(view->unknownKidBadge()), QStringLiteral("Unknown key id"));
    QVERIFY(explanationOf(view, view->unknownKidBadge()).contains(QStringLiteral("sig-rs256")));

    // Fetch again from the button.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("fetchJwksButton")), Qt::LeftButton);
    QTRY_COMPARE(instance.sandbox.requestCount(QStringLiteral("Keys")), 2);
}

void TestInspector::jwksFileVerifiesOffline()
{
    InspectorWindow window(nullptr, nullptr);
    InspectionView *view = window.resultView();
    QVERIFY(window.jwksLabel()->text().contains(QStringLiteral("Not connected")));
    QVERIFY(window.loadJwksFile(dataPath(QStringLiteral("interop/jwks.json"))));
    QVERIFY(window.jwksLabel()->text().contains(QStringLiteral("sig-rs256")));
    QVERIFY(show(window, vector(QStringLiteral("jwt-PS256"))));
    QTRY_COMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signed by the instance"));
    QCOMPARE(view->headline()->text(), QStringLiteral("Request execution: /zitadel.user.v2.UserService/AddHumanUser"));

    // The other JWKS lacks that key.
    QVERIFY(window.loadJwksFile(dataPath(QStringLiteral("interop/jwks-other.json"))));
    QTRY_COMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signature invalid"));
    QVERIFY(!window.loadJwksFile(dataPath(QStringLiteral("interop/payload-event.json"))));
    QVERIFY(window.notice()->text().contains(QStringLiteral("payload-event.json")));
}

void TestInspector::webhookSignatureWithSigningKey()
{
    InspectorWindow window(nullptr, nullptr);
    window.setNow(captureTime + 42);
    InspectionView *view = window.resultView();
    QVERIFY(show(window, readData(QStringLiteral("interop/capture-json.http"))));
    QTRY_COMPARE(badgeText(view->webhookBadge()), QStringLiteral("Webhook signature not checked"));
    QVERIFY(explanationOf(view, view->webhookBadge()).contains(QStringLiteral("signing key")));

    // Typed by hand into the signing key field.
    window.signingKeyField()->setFocus();
    QTest::keyClicks(window.signingKeyField(),
                     QString::fromUtf8(readData(QStringLiteral("interop/signing-key.txt")).trimmed()));
    QCOMPARE(window.signingKeyField()->echoMode(), QLineEdit::Password);
    // Shown and hidden with the visible check box; nothing invisible (an action without an icon) inside the field.
    QVERIFY(window.signingKeyField()->actions().isEmpty());
    auto *reveal = window.findChild<QCheckBox *>(QStringLiteral("revealSigningKeyCheck"));
    QVERIFY(reveal && !reveal->isHidden());
    reveal->click();
    QCOMPARE(window.signingKeyField()->echoMode(), QLineEdit::Normal);
    reveal->click();
    QCOMPARE(window.signingKeyField()->echoMode(), QLineEdit::Password);
    QTRY_COMPARE(badgeText(view->webhookBadge()), QStringLiteral("Webhook signature valid · 42 s ago"));
    QVERIFY(explanationOf(view, view->webhookBadge()).contains(QStringLiteral("entered by hand")));
    QVERIFY(view->result()->report.ok());

    // A wrong key.
    window.signingKeyField()->selectAll();
    QTest::keyClicks(window.signingKeyField(), QStringLiteral("not-the-key"));
    QTRY_COMPARE(badgeText(view->webhookBadge()), QStringLiteral("Webhook signature invalid"));
    QCOMPARE(view->result()->report.exitClass, inspect::ExitClass::SignatureInvalid);

    // The real clock: the capture is old; turning the age limit off accepts it and still shows the age.
    window.signingKeyField()->clear();
    QTest::keyClicks(window.signingKeyField(),
                     QString::fromUtf8(readData(QStringLiteral("interop/signing-key.txt")).trimmed()));
    window.setNow(std::nullopt);
    window.inspectNow();
    QTRY_VERIFY(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature too old")));
    window.ignoreAgeCheck()->click();
    QTRY_VERIFY(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature valid · ")));
    QVERIFY(explanationOf(view, view->webhookBadge()).contains(QStringLiteral("not enforced")));

    // The same for a captured JWE delivery: the signature covers the token as sent.
    QVERIFY(show(window, readData(QStringLiteral("interop/capture-jwe.http"))));
    QTRY_VERIFY(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature valid")));
    QCOMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Could not decrypt"));
}

void TestInspector::signingKeyFromTargetComboAndKid()
{
    Instance instance;
    instance.sandbox.seed();
    // A target holding the rsa-2048 public key: the sandbox assigns its key id.
    CreateTargetRequest create;
    create.name = QStringLiteral("inspector-hook");
    create.type = TargetType::Webhook;
    create.timeout = std::chrono::seconds(10);
    create.endpoint = QStringLiteral("https://hooks.example.com/inspect");
    create.payloadType = PayloadType::Jwe;
    auto created =
        test::await<CreateTargetResponse>([&](auto cb) { instance.client.createTarget(create, nullptr, cb); });
    QVERIFY(created && created->ok());
    const QString targetId = created->value().id;
    const QString signingKey = created->value().signingKey;
    QVERIFY(!signingKey.isEmpty());
    AddPublicKeyRequest add;
    add.publicKeyPem = readData(QStringLiteral("interop/enc-rsa-2048.pub.pem"));
    auto added =
        test::await<AddPublicKeyResponse>([&](auto cb) { instance.client.addPublicKey(targetId, add, nullptr, cb); });
    QVERIFY(added && added->ok());
    const QString kid = added->value().keyId;
    // ZITADEL only encrypts with the active key.
    auto activated =
        test::await<QDateTime>([&](auto cb) { instance.client.activatePublicKey(targetId, kid, nullptr, cb); });
    QVERIFY(activated && activated->ok());

    // A delivery as ZITADEL would send it to that target: JWE with the kid, signed with its signing key.
    const QByteArray jws = instance.sandbox.signJws(readData(QStringLiteral("interop/payload-event.json")));
    crypto::JweEncryption how;
    how.kid = kid;
    const QByteArray jwe = crypto::encryptJwe(jws, add.publicKeyPem, how).value();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray request = QByteArrayLiteral("POST /hook HTTP/1.1\r\nContent-Type: application/json\r\n") +
                               "ZITADEL-Signature: " + crypto::webhookSignatureHeader(jwe, signingKey.toUtf8(), now) +
                               "\r\n\r\n" + jwe;

    InspectorWindow window(&instance.client, nullptr);
    window.show();
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    QTRY_VERIFY(window.instance()->jwks().has_value());
    QTRY_VERIFY(window.targetCombo()->findText(QStringLiteral("inspector-hook")) >= 0);
    QCOMPARE(window.targetCombo()->currentText(), QStringLiteral("Automatic (by key id)"));

    // Automatic: the target is found by the JWE kid and its signing key checks the header.
    InspectionView *view = window.resultView();
    QVERIFY(show(window, request));
    QTRY_VERIFY_WITH_TIMEOUT(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature valid")),
                             15000);
    QCOMPARE(window.signingKeyField()->text(), signingKey);
    QVERIFY(explanationOf(view, view->webhookBadge()).contains(QStringLiteral("inspector-hook")));
    QCOMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signed by the instance"));
    QCOMPARE(badgeText(view->keyStateBadge()), QStringLiteral("Key of target “inspector-hook”"));
    const InspectorInstance::KeyOwner owner = window.instance()->keyOwner(kid);
    QVERIFY(owner.found);
    QCOMPARE(owner.targetId, targetId);

    // Another target chosen by hand: its key does not match.
    const int other = window.targetCombo()->findText(instance.sandbox.snapshot()
                                                         .value(QStringLiteral("targets"))
                                                         .toArray()
                                                         .first()[QLatin1String("name")]
                                                         .toString());
    QVERIFY(other > 1);
    window.targetCombo()->setFocus();
    window.targetCombo()->setCurrentIndex(other);
    Q_EMIT window.targetCombo()->activated(other);
    QTRY_COMPARE(badgeText(view->webhookBadge()), QStringLiteral("Webhook signature invalid"));
    const int mine = window.targetCombo()->findText(QStringLiteral("inspector-hook"));
    window.targetCombo()->setCurrentIndex(mine);
    Q_EMIT window.targetCombo()->activated(mine);
    QTRY_VERIFY(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature valid")));

    QVERIFY(explanationOf(view, view->keyStateBadge()).contains(QStringLiteral("active key")));
}

void TestInspector::malformedInputSaysWhy()
{
    InspectorWindow window(nullptr, nullptr);
    InspectionView *view = window.resultView();
    window.setInput(QStringLiteral("this is not a token"));
    QTRY_VERIFY(view->errorBox()->isVisibleTo(&window));
    QCOMPARE(view->headline()->text(), QStringLiteral("This is not a payload the inspector can read"));
    QVERIFY(view->errorBox()->badgeText().startsWith(view->result()->report.error));
    QVERIFY(!view->result()->report.error.isEmpty());
    QCOMPARE(view->result()->report.exitClass, inspect::ExitClass::Malformed);
    QVERIFY(!view->decryptionBadge()->isVisibleTo(&window));

    // A JWE cut short.
    const QByteArray token = vector(QStringLiteral("zitadel-rsa-2048-event"));
    QVERIFY(show(window, token.left(token.lastIndexOf('.'))));
    QTRY_COMPARE(view->result()->report.exitClass, inspect::ExitClass::Malformed);
    QVERIFY(view->errorBox()->isVisibleTo(&window));

    // Clearing goes back to the hint.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("clearInputButton")), Qt::LeftButton);
    QTRY_VERIFY(!view->result().has_value());
    QVERIFY(!view->errorBox()->isVisibleTo(&window));
    QVERIFY(view->headline()->text().contains(QStringLiteral("Paste")));
}

void TestInspector::droppedFileIsInspected()
{
    InspectorWindow window(nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dataPath(QStringLiteral("interop/capture-json.http")))});
    QWidget *target = window.input()->viewport();
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QTRY_VERIFY(window.input()->toPlainText().startsWith(QStringLiteral("POST /webhook")));
    QTRY_COMPARE(window.resultView()->headline()->text(),
                 QStringLiteral("Request execution: /zitadel.user.v2.UserService/AddHumanUser"));

    // Open through the same path from a file that does not exist: a clear message, nothing replaced.
    QVERIFY(!window.openFile(m_dir.filePath(QStringLiteral("missing.http"))));
    QVERIFY(window.notice()->text().contains(QStringLiteral("missing.http")));
    QVERIFY(window.input()->toPlainText().startsWith(QStringLiteral("POST /webhook")));
}

void TestInspector::headersShowCaptureAndJoseLayers()
{
    InspectorWindow window(nullptr, nullptr);
    window.show(); // shortcuts need a visible window
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    QVERIFY(show(window, readData(QStringLiteral("interop/capture-jwe.http"))));
    QTRY_COMPARE(badgeText(window.resultView()->decryptionBadge()), QStringLiteral("Decrypted"));
    QTreeWidget *headers = window.resultView()->headersTree();
    QCOMPARE(headers->topLevelItemCount(), 3);
    QCOMPARE(headers->topLevelItem(0)->text(0), QStringLiteral("HTTP request: POST /webhook HTTP/1.1"));
    bool sawSignature = false;
    for (int i = 0; i < headers->topLevelItem(0)->childCount(); ++i)
        sawSignature |= headers->topLevelItem(0)->child(i)->text(0) == QLatin1String("ZITADEL-Signature");
    QVERIFY(sawSignature);
    QTreeWidgetItem *jwe = headers->topLevelItem(1);
    QVERIFY(jwe->text(0).startsWith(QStringLiteral("JWE header")));
    QStringList names;
    for (int i = 0; i < jwe->childCount(); ++i)
        names.append(jwe->child(i)->text(0) + QLatin1Char('=') + jwe->child(i)->text(1));
    QVERIFY(names.contains(QStringLiteral("alg=RSA-OAEP-256")));
    QVERIFY(names.contains(QStringLiteral("kid=310000000000000001")));
    QVERIFY(headers->topLevelItem(2)->text(0).startsWith(QStringLiteral("JWT header")));
    QVERIFY(window.resultView()->detailsText()->toPlainText().contains(QStringLiteral("enc-rsa-2048.pem: decrypted")));

    // Copy a header value.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.resultView()->tabs()->setCurrentWidget(headers);
    headers->setCurrentItem(jwe->child(0));
    headers->setFocus();
    QTest::keySequence(headers, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), jwe->child(0)->text(1));
}

void TestInspector::bulkInspectsLargeFileInOrder()
{
    InspectorWindow window(nullptr, nullptr);
    window.resize(1300, 820);
    window.show();
    window.setNow(captureTime + 10);
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    BulkInspectionView *bulk = window.bulkView();

    // The window keeps answering while the pool works: the longest gap between timer ticks stays short.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worstGap = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        worstGap = std::max(worstGap, now - last);
        last = now;
    });
    int progressSeen = 0;
    connect(bulk->job(), &BulkInspection::progress, this, [&](int done, int total) {
        if (done > 0 && done < total)
            ++progressSeen;
    });

    clock.start();
    ticker.start();
    window.openBulkFile(m_bulkFile);
    QCOMPARE(window.modes()->currentWidget(), bulk);
    QTRY_COMPARE_WITH_TIMEOUT(bulk->job()->state(), BulkInspection::State::Finished, bulkTimeoutMs);
    ticker.stop();
    // Generous for a loaded machine, yet a run on the window's thread would block it for most of the run.
    const qint64 total = clock.elapsed();
    QVERIFY2(worstGap < 2000 && worstGap < total / 2,
             qPrintable(QStringLiteral("the event loop stalled for %1 ms of %2 ms").arg(worstGap).arg(total)));
    qInfo("bulk: %d lines in %lld ms, longest stall %lld ms", m_bulkLines, total, worstGap);
    QVERIFY(progressSeen > 0);
    QCOMPARE(bulk->progressBar()->value(), m_bulkLines);

    // Every non-blank line, in file order, with the right outcome.
    QCOMPARE(bulk->model()->rowCount(), m_bulkLines);
    QCOMPARE(bulk->model()->counts(), m_bulkCounts);
    for (int i = 0; i < m_bulkLines; ++i)
        QCOMPARE(bulk->model()->rows().at(i).line, m_bulkLineNumbers.at(i));
    const BulkRow &first = bulk->model()->rows().first();
    QCOMPARE(first.exitClass, inspect::ExitClass::Ok);
    QCOMPARE(first.kind, inspect::PayloadKind::Event);
    QCOMPARE(first.name, QStringLiteral("user.human.added"));
    QCOMPARE(first.kid, QStringLiteral("310000000000000001"));
    QCOMPARE(first.keyUsed, QStringLiteral("enc-rsa-2048.pem"));
    QCOMPARE(bulk->model()->rows().at(2).kind, inspect::PayloadKind::Request); // line 3: a captured JSON delivery
    QVERIFY(bulk->statusLabel()->text().contains(QLocale().toString(m_bulkLines)));

    // Sorted by the table header: failures first when sorting by result, descending.
    QSortFilterProxyModel *proxy = bulk->proxy();
    QCOMPARE(proxy->index(0, BulkInspectionModel::LineColumn).data().toInt(), 1);
    bulk->table()->sortByColumn(BulkInspectionModel::ResultColumn, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, BulkInspectionModel::ResultColumn).data().toString(), QStringLiteral("Cannot decrypt"));
    bulk->table()->sortByColumn(BulkInspectionModel::LineColumn, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, BulkInspectionModel::LineColumn).data().toInt(), m_bulkLineNumbers.last());
    bulk->table()->sortByColumn(BulkInspectionModel::LineColumn, Qt::AscendingOrder);

    // Searchable.
    QTest::keyClicks(bulk->searchField(), QStringLiteral("malformed"));
    QCOMPARE(proxy->rowCount(), m_bulkCounts.value(inspect::ExitClass::Malformed));
    bulk->searchField()->setText(QStringLiteral("AddHumanUser"));
    QVERIFY(proxy->rowCount() > 0);
    bulk->searchField()->clear();
    QCOMPARE(proxy->rowCount(), m_bulkLines);

    // Selecting a row shows that delivery in full below.
    bulk->table()->setFocus();
    bulk->table()->selectRow(0);
    InspectionView *detail = bulk->detailView();
    QTRY_COMPARE(badgeText(detail->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(detail->headline()->text(), QStringLiteral("Event: user.human.added"));
    keepScreenshot(&window, QStringLiteral("inspector-bulk.png"));
    const int cannot = proxy
                           ->match(proxy->index(0, BulkInspectionModel::ResultColumn), Qt::DisplayRole,
                                   QStringLiteral("Cannot decrypt"))
                           .value(0)
                           .row();
    bulk->table()->selectRow(cannot);
    QTRY_COMPARE(badgeText(detail->decryptionBadge()), QStringLiteral("Could not decrypt"));
    QCOMPARE(bulk->selectedLine() % 10, 0);
}

void TestInspector::bulkCanBeCancelled()
{
    // Five times the file: long enough to cancel midway on any machine.
    const QString path = m_dir.filePath(QStringLiteral("bulk-long.jsonl"));
    {
        QFile in(m_bulkFile);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray content = in.readAll();
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (int i = 0; i < 5; ++i)
            out.write(content);
    }
    InspectorWindow window(nullptr, nullptr);
    window.show();
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    BulkInspectionView *bulk = window.bulkView();
    window.openBulkFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(bulk->model()->rowCount() > 0, bulkTimeoutMs);
    QVERIFY(bulk->cancelButton()->isEnabled());
    QTest::mouseClick(bulk->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(bulk->job()->state(), BulkInspection::State::Cancelled);
    QVERIFY(!bulk->cancelButton()->isEnabled());
    const int rows = bulk->model()->rowCount();
    QVERIFY2(rows < 5 * m_bulkLines, "cancelled, yet every line was inspected");
    QVERIFY(bulk->statusLabel()->text().startsWith(QStringLiteral("Cancelled")));
    // What stays is the unbroken start of the file, in order.
    for (int i = 1; i < rows; ++i)
        QVERIFY(bulk->model()->rows().at(i).line > bulk->model()->rows().at(i - 1).line);
    QCOMPARE(bulk->model()->rows().first().line, 1);
    QTest::qWait(200);
    QCOMPARE(bulk->model()->rowCount(), rows); // nothing arrives after the cancel

    // Esc cancels too, and a new run starts from scratch.
    window.openBulkFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(bulk->model()->rowCount() > 0, bulkTimeoutMs);
    bulk->table()->setFocus();
    QTest::keyClick(bulk->table(), Qt::Key_Escape);
    QTRY_COMPARE(bulk->job()->state(), BulkInspection::State::Cancelled);
    QCOMPARE(bulk->model()->rows().first().line, 1);
}

void TestInspector::bulkStreamsInBoundedWindows()
{
    // 20,000 lines, mostly cheap ones (captured JSON deliveries, malformed lines), a JWE every 50th.
    const QString path = m_dir.filePath(QStringLiteral("bulk-20k.jsonl"));
    const QByteArray known = vector(QStringLiteral("zitadel-rsa-2048-event"));
    const QByteArray capture = readData(QStringLiteral("interop/captures.jsonl")).split('\n').at(0).trimmed();
    constexpr int lines = 20000;
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (int i = 1; i <= lines; ++i)
            out.write((i % 50 == 1  ? known
                       : i % 7 == 0 ? QByteArray("not a delivery ") + QByteArray::number(i)
                                    : capture) +
                      "\r\n");
    }
    InspectorWindow window(nullptr, nullptr);
    window.show();
    window.setNow(captureTime + 10);
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    BulkInspectionView *bulk = window.bulkView();
    QVERIFY(!bulk->cancelButton()->accessibleName().isEmpty());
    QVERIFY(!bulk->openButton()->accessibleName().isEmpty());

    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worstGap = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        worstGap = std::max(worstGap, now - last);
        last = now;
    });
    QList<int> steps;
    connect(bulk->job(), &BulkInspection::progress, this, [&](int done, int total) {
        if (done > 0 && done < total)
            steps.append(done);
    });
    clock.start();
    ticker.start();
    window.openBulkFile(path);
    // The call returns at once: nothing was read on this thread yet.
    QCOMPARE(bulk->job()->state(), BulkInspection::State::Reading);
    QCOMPARE(bulk->model()->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(bulk->job()->state(), BulkInspection::State::Finished, bulkTimeoutMs);
    ticker.stop();
    const qint64 total = clock.elapsed();
    QVERIFY2(worstGap < 2000 && worstGap < total / 2,
             qPrintable(QStringLiteral("the event loop stalled for %1 ms of %2 ms").arg(worstGap).arg(total)));
    qInfo("bulk 20k: %lld ms, longest stall %lld ms, %lld progress steps, at most %d lines in memory", total, worstGap,
          qlonglong(steps.size()), bulk->job()->peakLinesInMemory());
    QCOMPARE(bulk->model()->rowCount(), lines);
    QCOMPARE(bulk->model()->rows().last().line, lines);
    // Progress came window by window, and never more than a window of lines was held.
    QVERIFY(steps.size() >= lines / BulkInspection::window - 1);
    QVERIFY(std::is_sorted(steps.begin(), steps.end()));
    QVERIFY(bulk->job()->peakLinesInMemory() > 0);
    QVERIFY(bulk->job()->peakLinesInMemory() <= BulkInspection::window);
    // A line's input is read back from the file for the detail view, without its line break.
    QCOMPARE(bulk->job()->input(1), known);
    QCOMPARE(bulk->job()->input(7), QByteArray("not a delivery 7"));

    // Cancelled while reading: stops at once, nothing arrives later.
    window.openBulkFile(path);
    QTest::mouseClick(bulk->cancelButton(), Qt::LeftButton);
    QCOMPARE(bulk->job()->state(), BulkInspection::State::Cancelled);
    QTest::qWait(300);
    QCOMPARE(bulk->model()->rowCount(), 0);
    QCOMPARE(bulk->job()->state(), BulkInspection::State::Cancelled);

    // Cancelled while inspecting: stops within a window, before the end; the unbroken start stays, readable.
    window.openBulkFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(bulk->model()->rowCount() > 0, bulkTimeoutMs);
    QTest::mouseClick(bulk->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(bulk->job()->state(), BulkInspection::State::Cancelled);
    const int rows = bulk->model()->rowCount();
    QVERIFY2(rows < lines, "cancelled, yet every line was inspected");
    for (int i = 0; i < rows; ++i)
        QCOMPARE(bulk->model()->rows().at(i).line, i + 1);
    QTest::qWait(200);
    QCOMPARE(bulk->model()->rowCount(), rows);
    QCOMPARE(bulk->job()->input(1), known);
    QVERIFY(bulk->statusLabel()->text().startsWith(QStringLiteral("Cancelled")));
}

void TestInspector::bulkModelsUnderTester()
{
    // The testers walk the whole model on every change: a short file.
    const QString path = m_dir.filePath(QStringLiteral("bulk-short.jsonl"));
    {
        QFile in(m_bulkFile);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (int i = 0; i < 120; ++i)
            out.write(in.readLine());
    }
    InspectorWindow window(nullptr, nullptr);
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    BulkInspectionView *bulk = window.bulkView();
    QAbstractItemModelTester modelTester(bulk->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(bulk->proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    window.openBulkFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(bulk->job()->state(), BulkInspection::State::Finished, bulkTimeoutMs);
    QCOMPARE(bulk->model()->rowCount(), 120);
    bulk->searchField()->setText(QStringLiteral("cannot"));
    QCOMPARE(bulk->proxy()->rowCount(), 11);
    bulk->table()->sortByColumn(BulkInspectionModel::KidColumn, Qt::DescendingOrder);
    bulk->searchField()->clear();
    window.openBulkFile(path); // a second run resets the model
    QTRY_COMPARE_WITH_TIMEOUT(bulk->job()->state(), BulkInspection::State::Finished, bulkTimeoutMs);
    QCOMPARE(bulk->model()->rowCount(), 120);
}

void TestInspector::vaultKeyPickedByKid()
{
    vault::VaultSettings settings;
    settings.indexPath = m_dir.filePath(QStringLiteral("vault/index.json"));
    settings.auditLogPath = m_dir.filePath(QStringLiteral("vault/audit.jsonl"));
    settings.keychainService = QStringLiteral("targetdesk-inspector-test-%1")
                                   .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    vault::Vault vault(settings);
    vault::VaultEntry entry;
    entry.instance = QStringLiteral("https://zitadel.example");
    entry.targetId = QStringLiteral("300000000000000077");
    entry.keyId = QStringLiteral("310000000000000001");
    entry.label = QStringLiteral("billing");
    std::optional<vault::VaultResult<vault::VaultEntry>> stored;
    vault.importPem(readData(QStringLiteral("interop/enc-rsa-2048.pem")), {}, entry, this,
                    [&](vault::VaultResult<vault::VaultEntry> r) { stored.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 15000);
    QVERIFY2(stored->ok(), stored->ok() ? "" : qPrintable(stored->error().message));

    InspectorWindow window(nullptr, &vault);
    InspectionView *view = window.resultView();
    QCOMPARE(window.keyList()->count(), 0);
    QVERIFY(show(window, vector(QStringLiteral("zitadel-rsa-2048-function"))));
    QTRY_COMPARE_WITH_TIMEOUT(badgeText(view->decryptionBadge()), QStringLiteral("Decrypted"), 15000);
    QCOMPARE(view->result()->report.decryptedWith, QStringLiteral("vault: billing"));
    QVERIFY(explanationOf(view, view->decryptionBadge()).contains(QStringLiteral("key id 310000000000000001")));
    QCOMPARE(view->headline()->text(), QStringLiteral("Function: function/preuserinfo"));
    QCOMPARE(window.keyRing()->vaultKeyCount(), 1);
    // Offline, the vault still knows which target the key belongs to.
    QCOMPARE(badgeText(view->keyStateBadge()), QStringLiteral("Key of target “300000000000000077”"));
    QVERIFY(!view->unknownKidBadge()->isVisibleTo(&window));

    // A kid the vault does not hold: not decrypted, and said to be unknown.
    QVERIFY(show(window, vector(QStringLiteral("zitadel-rsa-3072-event"))));
    QTRY_COMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Could not decrypt"));
    QCOMPARE(badgeText(view->unknownKidBadge()), QStringLiteral("Unknown key id"));
    QCOMPARE(window.keyRing()->vaultKeyCount(), 1);

    // Bulk mode loads the vault keys the file asks for before the workers start.
    InspectorWindow fresh(nullptr, &vault);
    fresh.openBulkFile(m_bulkFile);
    QTRY_COMPARE_WITH_TIMEOUT(fresh.bulkView()->job()->state(), BulkInspection::State::Finished, bulkTimeoutMs);
    QCOMPARE(fresh.bulkView()->model()->rows().first().keyUsed, QStringLiteral("vault: billing"));

    QSignalSpy removed(&vault, &vault::Vault::entryRemoved);
    vault.remove(stored->value(), this, [](vault::VaultResult<vault::VaultEntry>) {});
    QTRY_COMPARE(removed.count(), 1);
}

void TestInspector::mainWindowOpensInspector()
{
    Instance instance;
    const ConnectionInfo connection =
        ConnectionInfo::sandbox(instance.sandbox.url(), instance.sandbox.generateToken(sandbox::Role::ReadWrite));
    MainWindow main(connection);
    main.show();
    QVERIFY(QTest::qWaitForWindowExposed(&main));
    auto *action = main.findChild<QAction *>(QStringLiteral("payloadInspectorAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
    QVERIFY(!main.inspector());
    action->trigger();
    QVERIFY(main.inspector());
    QVERIFY(main.inspector()->isVisible());
    QVERIFY(main.inspector()->isWindow());
    QTRY_VERIFY(main.inspector()->instance()->jwks().has_value());
    // Again: the same window.
    InspectorWindow *first = main.inspector();
    action->trigger();
    QCOMPARE(main.inspector(), first);
}

void TestInspector::secretsStayOutOfSettings()
{
    const QByteArray signingKey = readData(QStringLiteral("interop/signing-key.txt")).trimmed();
    {
        InspectorWindow window(nullptr, nullptr);
        window.show();
        window.setPassphrasePrompt([this](const QString &, bool) { return std::optional<QByteArray>(m_passphrase); });
        QVERIFY(addKey(window, m_dir.filePath(QStringLiteral("encrypted.pem"))));
        window.signingKeyField()->setText(QString::fromUtf8(signingKey));
        QVERIFY(show(window, readData(QStringLiteral("interop/capture-json.http"))));
        QVERIFY(settle(window));
        window.close(); // saves the layout
    }
    const QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    QVERIFY(!config.isEmpty());
    int files = 0;
    QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(signingKey), qPrintable(file.fileName()));
        QVERIFY2(!content.contains(m_passphrase), qPrintable(file.fileName()));
        QVERIFY2(!content.contains("PRIVATE KEY"), qPrintable(file.fileName()));
        ++files;
    }
    QVERIFY(files > 0); // the layout was saved, so there was something to look at
}

void TestInspector::readableInLightAndDarkPalettes()
{
    InspectorWindow window(nullptr, nullptr);
    window.resize(1300, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setNow(captureTime + 42);
    QVERIFY(addKey(window, dataPath(QStringLiteral("interop/enc-rsa-2048.pem"))));
    QVERIFY(window.loadJwksFile(dataPath(QStringLiteral("interop/jwks.json"))));
    window.signingKeyField()->setText(QString::fromUtf8(readData(QStringLiteral("interop/signing-key.txt")).trimmed()));
    QVERIFY(show(window, readData(QStringLiteral("interop/capture-jwe.http"))));
    InspectionView *view = window.resultView();
    QCOMPARE(badgeText(view->decryptionBadge()), QStringLiteral("Decrypted"));
    QCOMPARE(badgeText(view->signatureBadge()), QStringLiteral("Signed by the instance"));
    QVERIFY(badgeText(view->webhookBadge()).startsWith(QStringLiteral("Webhook signature valid")));

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xc8));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    dark.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    const QPalette light = QApplication::palette();
    for (const auto &[name, palette] :
         {std::pair{QStringLiteral("light"), light}, std::pair{QStringLiteral("dark"), dark}}) {
        QApplication::setPalette(palette);
        QCoreApplication::processEvents();
        for (InspectorBadge *badge : window.findChildren<InspectorBadge *>()) {
            for (auto tone : {InspectorBadge::Tone::Good, InspectorBadge::Tone::Bad, InspectorBadge::Tone::Warning,
                              InspectorBadge::Tone::Neutral}) {
                const double ratio = contrast(InspectorBadge::fillColor(tone, badge->palette()),
                                              badge->palette().color(QPalette::WindowText));
                QVERIFY2(ratio >= 4.5,
                         qPrintable(QStringLiteral("%1 palette: badge text contrast %2").arg(name).arg(ratio)));
            }
        }
        keepScreenshot(&window, QStringLiteral("inspector-%1.png").arg(name));
        view->tabs()->setCurrentIndex(1);
        keepScreenshot(&window, QStringLiteral("inspector-headers-%1.png").arg(name));
        view->tabs()->setCurrentIndex(0);
    }
    QApplication::setPalette(light);
}

int main(int argc, char **argv)
{
    targetdesk::test::runInPrivateKeyring(argc, argv);
    QApplication app(argc, argv);
    TestInspector test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_inspector.moc"
