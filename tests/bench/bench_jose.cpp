// Decryption throughput of ZITADEL-shaped payloads (a JWS RS256 over a JSON event, encrypted to the target key with
// RSA-OAEP-256 or ECDH-ES+A256KW and A256GCM), per key type: the JWE layer alone and the whole inspector (decrypt,
// verify the JWT against a JWKS, parse the payload), on one core and on N threads at once. Not a test: it prints
// numbers. tests/bench/run_jose_bench.sh puts them next to `openssl speed` and the CLI's --bulk mode.
//
//   bench_jose [--seconds S] [--threads N]             one TSV line per measurement: type, measure, ops/s
//   bench_jose --write-bulk DIR --type TYPE --count N  DIR/TYPE.jsonl (N tokens, one per line), DIR/TYPE.pem
//                                                      (the private key), DIR/jwks.json

#include "crypto/jwe.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "inspect/inspector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

using namespace targetdesk;

namespace
{

// The shape of an event ZITADEL sends (payload-event.json of the test data, inlined so the bench runs anywhere).
const QByteArray kEvent =
    QByteArrayLiteral("{\"aggregateID\":\"300000000000000010\",\"aggregateType\":\"user\",\"resourceOwner\":"
                      "\"300000000000000002\",\"instanceID\":\"300000000000000001\",\"version\":\"v2\",\"sequence\":"
                      "42,\"event_type\":\"user.human.added\",\"created_at\":\"2026-01-01T00:00:00.000000Z\","
                      "\"userID\":\"300000000000000004\",\"event_payload\":{\"userName\":\"minnie\",\"firstName\":"
                      "\"Minnie\",\"lastName\":\"Mouse\",\"email\":\"minnie@example.com\"}}");
const QString kKid = QStringLiteral("310000000000000001");
const QString kSigningKid = QStringLiteral("bench-sig");

struct Fixture {
    crypto::KeyType type;
    crypto::PrivateKey key;
    QByteArray token;
    inspect::InspectOptions options;
};

crypto::PrivateKey generate(crypto::KeyType type)
{
    auto key = crypto::PrivateKey::generate(type);
    if (!key) {
        std::fprintf(stderr, "cannot generate %s\n", qPrintable(crypto::keyTypeName(type)));
        std::exit(1);
    }
    return key.value();
}

Fixture makeFixture(crypto::KeyType type, const crypto::PrivateKey &signing)
{
    Fixture f{type, generate(type), {}, {}};
    const QByteArray jws = crypto::signJws(kEvent, signing, QStringLiteral("RS256"), kSigningKid).value();
    crypto::JweEncryption how;
    how.kid = kKid;
    f.token = crypto::encryptJwe(jws, f.key.publicKeyDer(), how).value();
    auto keys = std::make_shared<inspect::KeyList>();
    keys->add({f.key, QStringLiteral("bench"), kKid});
    f.options.keys = keys;
    f.options.jwks = crypto::Jwks::fromKeys({crypto::Jwk::fromPublicKey(signing.publicKeyPem(), kSigningKid).value()});
    return f;
}

struct Rate {
    double wall = 0; // operations per wall-clock second, all threads together
    double cpu = 0;  // the sum over threads of operations per second of that thread's CPU time
};

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// Runs `work` on `threads` threads for about `seconds`. The CPU-time rate is what `openssl speed` reports by default
// (it divides by user CPU time), so it stays comparable when other processes share the machine; the wall-clock rate
// is what a user waits for.
Rate measure(int threads, double seconds, const std::function<bool()> &work)
{
    std::atomic<bool> stop{false};
    std::atomic<qint64> done{0};
    std::atomic<bool> failed{false};
    std::mutex lock;
    double cpuRate = 0;
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            const double start = threadCpuSeconds();
            qint64 mine = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                if (!work())
                    failed = true;
                ++mine;
            }
            const double used = threadCpuSeconds() - start;
            done += mine;
            const std::lock_guard guard(lock);
            cpuRate += used > 0 ? double(mine) / used : 0;
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(qint64(seconds * 1000)));
    stop = true;
    for (std::thread &t : workers)
        t.join();
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    if (failed) {
        std::fprintf(stderr, "a decryption failed during the measurement\n");
        std::exit(1);
    }
    return {double(done.load()) / elapsed, cpuRate};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

int writeBulk(const QString &dir, const QString &typeName, int count)
{
    const auto type = crypto::parseKeyType(typeName);
    if (!type) {
        std::fprintf(stderr, "unknown key type %s\n", qPrintable(typeName));
        return 2;
    }
    const crypto::PrivateKey signing = generate(crypto::KeyType::Rsa2048);
    const Fixture f = makeFixture(*type, signing);
    QFile out(dir + QLatin1Char('/') + typeName + QStringLiteral(".jsonl"));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;
    // Every line its own encryption, as ZITADEL sends them (a fresh content key and, for EC, a fresh ephemeral key).
    const QByteArray jws = crypto::signJws(kEvent, signing, QStringLiteral("RS256"), kSigningKid).value();
    crypto::JweEncryption how;
    how.kid = kKid;
    for (int i = 0; i < count; ++i)
        out.write(crypto::encryptJwe(jws, f.key.publicKeyDer(), how).value() + '\n');
    const QJsonObject jwk = crypto::Jwk::fromPublicKey(signing.publicKeyPem(), kSigningKid).value().json();
    const bool ok =
        writeFile(dir + QLatin1Char('/') + typeName + QStringLiteral(".pem"), f.key.privateKeyPem().value()) &&
        writeFile(dir + QStringLiteral("/jwks.json"),
                  QJsonDocument(QJsonObject{{QStringLiteral("keys"), QJsonArray{jwk}}}).toJson());
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("seconds"), QStringLiteral("Seconds per measurement."), QStringLiteral("S"),
          QStringLiteral("1")},
         {QStringLiteral("threads"), QStringLiteral("Threads for the parallel measurement."), QStringLiteral("N"),
          QString::number(QThread::idealThreadCount())},
         {QStringLiteral("write-bulk"), QStringLiteral("Write a --bulk input file to DIR."), QStringLiteral("DIR")},
         {QStringLiteral("type"), QStringLiteral("Key type for --write-bulk."), QStringLiteral("TYPE"),
          QStringLiteral("rsa-2048")},
         {QStringLiteral("count"), QStringLiteral("Lines for --write-bulk."), QStringLiteral("N"),
          QStringLiteral("1000")},
         {QStringLiteral("types"), QStringLiteral("Comma-separated key types to measure (default: all)."),
          QStringLiteral("LIST")}});
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(QStringLiteral("write-bulk")))
        return writeBulk(parser.value(QStringLiteral("write-bulk")), parser.value(QStringLiteral("type")),
                         parser.value(QStringLiteral("count")).toInt());

    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    const int threads = std::max(1, parser.value(QStringLiteral("threads")).toInt());
    const crypto::PrivateKey signing = generate(crypto::KeyType::Rsa2048);
    std::printf("# key type\tmeasure\tops/s\n");
    const QStringList only = parser.value(QStringLiteral("types")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const crypto::KeyType type : crypto::allKeyTypes()) {
        if (!only.isEmpty() && !only.contains(crypto::keyTypeName(type)))
            continue;
        const Fixture f = makeFixture(type, signing);
        // The JWE layer: parse and decrypt (what the floor of `openssl speed` compares with).
        const Rate decrypt = measure(1, seconds, [&f] {
            const auto parsed = crypto::Jwe::parse(f.token);
            return parsed && parsed->decrypt(f.key).ok();
        });
        // The whole inspector: decrypt, verify the RS256 JWT against the JWKS, parse and describe the payload.
        auto inspectOnce = [&f] { return inspect::inspectDelivery(f.token, f.options).ok(); };
        const Rate one = measure(1, seconds, inspectOnce);
        const Rate many = measure(threads, seconds, inspectOnce);
        const QByteArray name = crypto::keyTypeName(type).toLatin1();
        // cpu: per CPU-second of the measuring thread(s); wall: per second of elapsed time.
        std::printf("%s\tdecrypt-1-cpu\t%.1f\n", name.constData(), decrypt.cpu);
        std::printf("%s\tdecrypt-1-wall\t%.1f\n", name.constData(), decrypt.wall);
        std::printf("%s\tinspect-1-cpu\t%.1f\n", name.constData(), one.cpu);
        std::printf("%s\tinspect-1-wall\t%.1f\n", name.constData(), one.wall);
        std::printf("%s\tinspect-%d-cpu\t%.1f\n", name.constData(), threads, many.cpu);
        std::printf("%s\tinspect-%d-wall\t%.1f\n", name.constData(), threads, many.wall);
        std::fflush(stdout);
    }
    return 0;
}
