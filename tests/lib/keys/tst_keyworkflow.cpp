// lib/keys against the sandbox and a real Secret Service: generate-and-add with the vault first, rotation, break-glass,
// the audit entries every workflow writes, and instance-wide deactivation with a bounded number of requests in
// flight whose deadlines start when they are sent.
#include "awaitresult.h"
#include "privatekeyring.h"
#include "testutil.h"

#include "api/zitadelclient.h"
#include "crypto/privatekey.h"
#include "keys/breakglass.h"
#include "keys/keyworkflow.h"
#include "sandbox/sandboxclient.h"
#include "vault/auditlog.h"
#include "vault/vault.h"

#include <QDeadlineTimer>
#include <QLockFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace targetdesk::keys;
using namespace std::chrono_literals;
using test::await;

class TestKeyWorkflow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    std::unique_ptr<ZitadelClient> m_client;
    std::unique_ptr<vault::Vault> m_vault;
    std::unique_ptr<KeyWorkflow> m_workflow;
    int m_vaults = 0;

    QString createTarget(const QString &name)
    {
        CreateTargetRequest r;
        r.name = name;
        r.type = TargetType::Webhook;
        r.timeout = 10s;
        r.endpoint = QStringLiteral("https://hooks.example.com/") + name;
        r.payloadType = PayloadType::Jwe;
        auto out = await<CreateTargetResponse>([&](auto cb) { m_client->createTarget(r, this, cb); });
        return out && *out ? (*out)->id : QString();
    }

    // Adds a fresh EC key straight through the client and activates it; returns its key id.
    QString addActiveKey(const QString &targetId)
    {
        auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        if (!key)
            return {};
        AddPublicKeyRequest request;
        request.publicKeyPem = key->publicKeyPem();
        auto added = await<AddPublicKeyResponse>([&](auto cb) { m_client->addPublicKey(targetId, request, this, cb); });
        if (!added || !*added)
            return {};
        const QString keyId = (*added)->keyId;
        auto activated = await<QDateTime>([&](auto cb) { m_client->activatePublicKey(targetId, keyId, this, cb); });
        return activated && *activated ? keyId : QString();
    }

    QList<PublicKey> keysOf(const QString &targetId)
    {
        PublicKeyQuery q;
        q.limit = 1000;
        auto out = await<PublicKeyPage>([&](auto cb) { m_client->listPublicKeys(targetId, q, this, cb); });
        return out && *out ? (*out)->publicKeys : QList<PublicKey>();
    }

    QList<vault::AuditEntry> audit() const
    {
        auto entries = m_vault->auditLog()->read();
        return entries ? *entries : QList<vault::AuditEntry>();
    }

    static int count(const QList<vault::AuditEntry> &entries, vault::AuditOperation op, const QString &detail = {})
    {
        const QString name = vault::auditOperationName(op);
        return int(std::count_if(entries.begin(), entries.end(), [&](const vault::AuditEntry &e) {
            return e.operation == name && (detail.isNull() || e.detail == detail);
        }));
    }

    std::optional<AddResult> generate(const QString &targetId, bool activateAfter, QList<Step> *steps = nullptr)
    {
        std::optional<AddResult> out;
        m_workflow->generateAndAdd(
            targetId, crypto::KeyType::EcP256, QDateTime(), activateAfter, this,
            [steps](Step s, const QString &) {
                if (steps)
                    steps->append(s);
            },
            [&out](AddResult r) { out.emplace(std::move(r)); });
        QDeadlineTimer deadline(20000);
        while (!out && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(qEnvironmentVariableIsSet(targetdesk::test::kPrivateKeyringVariable));
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_sandbox = std::make_unique<sandbox::Sandbox>();
        QVERIFY(m_sandbox->listen());
        m_client = sandbox::connectClient(*m_sandbox);
        vault::VaultSettings settings;
        ++m_vaults;
        settings.indexPath = m_dir.filePath(QStringLiteral("index-%1.json").arg(m_vaults));
        settings.auditLogPath = m_dir.filePath(QStringLiteral("audit-%1.jsonl").arg(m_vaults));
        settings.keychainService = QStringLiteral("targetdesk-test-keyworkflow");
        m_vault = std::make_unique<vault::Vault>(settings);
        m_workflow = std::make_unique<KeyWorkflow>(m_client.get(), m_vault.get(), m_vault->auditLog());
    }

    void cleanup()
    {
        m_workflow.reset();
        m_vault.reset();
        m_client.reset();
        m_sandbox.reset();
    }

    void generateAndAddStoresInTheVaultFirst()
    {
        const QString target = createTarget(QStringLiteral("generate"));
        QVERIFY(!target.isEmpty());
        QSignalSpy changed(m_workflow.get(), &KeyWorkflow::keysChanged);
        QList<Step> steps;
        const auto result = generate(target, false, &steps);
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().message));
        const AddedKey added = result->value();
        QCOMPARE(steps, (QList<Step>{Step::Generate, Step::StoreInVault, Step::Add}));
        QVERIFY(added.privateKeyInVault);
        QVERIFY(!added.activated);

        // The server holds the key, inactive; the vault holds its private half under the key id ZITADEL assigned.
        const QList<PublicKey> keys = keysOf(target);
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().keyId, added.keyId);
        QCOMPARE(keys.first().fingerprint, added.fingerprint);
        QVERIFY(!keys.first().active);
        const QList<vault::VaultEntry> bound = m_vault->findByKeyId(added.keyId, m_workflow->instance());
        QCOMPARE(bound.size(), 1);
        QCOMPARE(bound.first().fingerprint, added.fingerprint);
        QCOMPARE(bound.first().targetId, target);
        QVERIFY(m_workflow->holdsPrivateKey(target, added.fingerprint));
        QCOMPARE(changed.count(), 1);

        // Generate, then the vault's own store entry, then Add: in that order.
        const QList<vault::AuditEntry> log = audit();
        QStringList order;
        for (const vault::AuditEntry &e : log)
            order << e.operation;
        const QStringList expected{vault::auditOperationName(vault::AuditOperation::Generate),
                                   vault::auditOperationName(vault::AuditOperation::VaultStore),
                                   vault::auditOperationName(vault::AuditOperation::Add)};
        QVERIFY2(order.mid(0, 3) == expected, qPrintable(order.join(QLatin1Char(' '))));
        QCOMPARE(log.at(2).keyId, added.keyId);
        QVERIFY(log.at(2).succeeded());
    }

    // Binding the vault entry to the key id ZITADEL assigned runs inside the client's callback (on the GUI thread in
    // the GUI): while another process holds the index lock (here the test, as targetdesk-cli would), the event loop
    // keeps running, and the binding lands once the lock is free.
    void addWaitsForTheIndexLockWithoutBlocking()
    {
        const QString target = createTarget(QStringLiteral("locked-index"));
        QVERIFY(!target.isEmpty());
        auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        QVERIFY(key);
        vault::VaultEntry entry;
        entry.instance = m_workflow->instance();
        entry.targetId = target;
        const auto stored = test::awaitResult<vault::VaultResult<vault::VaultEntry>>(
            [&](auto cb) { m_vault->store(*key, entry, this, cb); });
        QVERIFY(stored && stored->ok());

        QLockFile lock(m_vault->settings().indexPath + QStringLiteral(".lock"));
        QVERIFY(lock.tryLock(0));
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();
        std::optional<AddResult> out;
        bool released = false;
        bool beforeRelease = false;
        int ticksWhileLocked = -1;
        m_workflow->addPublicKey(target, key->publicKeyPem(), key->fingerprint(), QDateTime(), false, this, {},
                                 [&](AddResult r) {
                                     out.emplace(std::move(r));
                                     beforeRelease = !released;
                                 });
        QTimer::singleShot(1000, this, [&] {
            ticksWhileLocked = ticks;
            released = true;
            lock.unlock();
        });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value() && released, 30000);
        QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().message));
        QVERIFY2(out->value().privateKeyInVault, qPrintable(out->value().vaultProblem));
        QVERIFY(!beforeRelease);
        QVERIFY2(ticksWhileLocked >= 20, qPrintable(QStringLiteral("%1 ticks while locked").arg(ticksWhileLocked)));
        const QList<vault::VaultEntry> bound = m_vault->findByKeyId(out->value().keyId, m_workflow->instance());
        QCOMPARE(bound.size(), 1);
        QCOMPARE(bound.first().fingerprint, key->fingerprint());
    }

    void generateWithoutAVaultSendsNothing()
    {
        const QString target = createTarget(QStringLiteral("no-vault"));
        KeyWorkflow noVault(m_client.get(), nullptr, m_vault->auditLog());
        std::optional<AddResult> out;
        noVault.generateAndAdd(target, crypto::KeyType::EcP256, QDateTime(), true, this, {},
                               [&out](AddResult r) { out.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
        QVERIFY(!out->ok());
        QCOMPARE(out->error().step, Step::StoreInVault);
        QVERIFY(!out->error().fingerprint.isEmpty());
        QVERIFY(keysOf(target).isEmpty());
    }

    void generateWhenTheVaultFailsSendsNothing()
    {
        const QString target = createTarget(QStringLiteral("vault-fails"));
        // An index below a file cannot be written: the vault refuses the key.
        QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        vault::VaultSettings settings = m_vault->settings();
        settings.indexPath = blocker.fileName() + QStringLiteral("/index.json");
        vault::Vault broken(settings);
        KeyWorkflow workflow(m_client.get(), &broken, m_vault->auditLog());
        std::optional<AddResult> out;
        workflow.generateAndAdd(target, crypto::KeyType::EcP256, QDateTime(), false, this, {},
                                [&out](AddResult r) { out.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
        QVERIFY(!out->ok());
        QCOMPARE(out->error().step, Step::StoreInVault);
        QVERIFY(keysOf(target).isEmpty());
        QCOMPARE(count(audit(), vault::AuditOperation::Add), 0);
    }

    void rotationActivatesTheNewKeyAndKeepsTheOld()
    {
        const QString target = createTarget(QStringLiteral("rotate"));
        const QString old = addActiveKey(target);
        QVERIFY(!old.isEmpty());
        QList<Step> steps;
        const auto result = generate(target, true, &steps);
        QVERIFY(result && result->ok());
        QVERIFY(result->value().activated);
        QCOMPARE(steps.last(), Step::Activate);
        const QList<PublicKey> keys = keysOf(target);
        QCOMPARE(keys.size(), 2);
        for (const PublicKey &k : keys)
            QCOMPARE(k.active, k.keyId == result->value().keyId);
        QCOMPARE(count(audit(), vault::AuditOperation::Activate, QStringLiteral("rotation")), 1);
    }

    void activationFailureNamesItsStep()
    {
        const QString target = createTarget(QStringLiteral("activate-fails"));
        m_sandbox->setFault(QStringLiteral("ActivatePublicKey"), *sandbox::Fault::parse(QStringLiteral("503")));
        const auto result = generate(target, true);
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().step, Step::Activate);
        QVERIFY(!result->error().keyId.isEmpty());
        QVERIFY(result->error().api.has_value());
        QCOMPARE(result->error().api->httpStatus, 503);
        // The key was added all the same, inactive, and its private half is in the vault.
        const QList<PublicKey> keys = keysOf(target);
        QCOMPARE(keys.size(), 1);
        QVERIFY(!keys.first().active);
        QCOMPARE(m_vault->findByKeyId(result->error().keyId, m_workflow->instance()).size(), 1);
        const QList<vault::AuditEntry> log = audit();
        QCOMPARE(count(log, vault::AuditOperation::Activate), 1);
        QVERIFY(!log.last().succeeded());
    }

    void pastedKeyWhosePrivateHalfTheVaultHoldsIsBound()
    {
        const QString target = createTarget(QStringLiteral("pasted"));
        auto key = crypto::PrivateKey::generate(crypto::KeyType::EcP384);
        QVERIFY(key);
        vault::VaultEntry entry;
        entry.label = QStringLiteral("kept before adding");
        auto stored = test::awaitResult<vault::VaultResult<vault::VaultEntry>>(
            [&](auto cb) { m_vault->store(*key, entry, this, cb); });
        QVERIFY(stored && *stored);
        std::optional<AddResult> out;
        m_workflow->addPublicKey(target, key->publicKeyPem(), key->fingerprint(), QDateTime(), false, this, {},
                                 [&out](AddResult r) { out.emplace(std::move(r)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(out->ok());
        QVERIFY(out->value().privateKeyInVault);
        QCOMPARE(m_vault->findByKeyId(out->value().keyId, m_workflow->instance()).size(), 1);

        // A key the vault does not hold is added without a binding.
        auto other = crypto::PrivateKey::generate(crypto::KeyType::EcP256);
        out.reset();
        m_workflow->addPublicKey(target, other->publicKeyPem(), other->fingerprint(), QDateTime(), false, this, {},
                                 [&out](AddResult r) { out.emplace(std::move(r)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(out->ok());
        QVERIFY(!out->value().privateKeyInVault);
    }

    void deactivationReasonsAreAudited_data()
    {
        QTest::addColumn<int>("reasonValue");
        QTest::addColumn<int>("operationValue");
        QTest::addColumn<QString>("detail");
        QTest::newRow("manual") << int(Reason::Manual) << int(vault::AuditOperation::Deactivate) << QString();
        QTest::newRow("break-glass") << int(Reason::BreakGlass) << int(vault::AuditOperation::BreakGlass)
                                     << QStringLiteral("one click");
        QTest::newRow("instance-wide") << int(Reason::InstanceWide) << int(vault::AuditOperation::BreakGlass)
                                       << QStringLiteral("all targets");
    }

    void deactivationReasonsAreAudited()
    {
        QFETCH(int, reasonValue);
        QFETCH(int, operationValue);
        QFETCH(QString, detail);
        const auto reason = Reason(reasonValue);
        const auto operation = vault::AuditOperation(operationValue);
        const QString target = createTarget(QStringLiteral("deactivate"));
        const QString keyId = addActiveKey(target);
        QVERIFY(!keyId.isEmpty());
        auto r = await<QDateTime>([&](auto cb) {
            m_workflow->deactivate(KeyRef{target, keyId, {}}, reason, this, cb);
        });
        QVERIFY(r && *r);
        QVERIFY(!keysOf(target).first().active);
        const QList<vault::AuditEntry> log = audit();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().operation, vault::auditOperationName(operation));
        QCOMPARE(log.first().detail, detail);
        QCOMPARE(log.first().keyId, keyId);
        QCOMPARE(log.first().instance, m_workflow->instance());

        // A failure is audited too, with the error.
        auto again = await<QDateTime>([&](auto cb) {
            m_workflow->deactivate(KeyRef{target, QStringLiteral("404404"), {}}, reason, this, cb);
        });
        QVERIFY(again && !*again);
        QCOMPARE(audit().size(), 2);
        QVERIFY(!audit().last().succeeded());
    }

    void deactivateActiveAndRemove()
    {
        const QString target = createTarget(QStringLiteral("active"));
        const QString keyId = addActiveKey(target);
        std::optional<ActiveKeysDeactivation> out;
        m_workflow->deactivateActive(target, Reason::Manual, this,
                                     [&out](ActiveKeysDeactivation d) { out.emplace(std::move(d)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(out->ok());
        QCOMPARE(out->deactivated.size(), 1);
        QCOMPARE(out->deactivated.first().keyId, keyId);
        // The fingerprint came from the listing, so the audit entry has it.
        QVERIFY(!out->deactivated.first().fingerprint.isEmpty());
        QCOMPARE(audit().last().fingerprint, out->deactivated.first().fingerprint);

        // Nothing active any more: nothing to do, and that is fine.
        out.reset();
        m_workflow->deactivateActive(target, Reason::Manual, this,
                                     [&out](ActiveKeysDeactivation d) { out.emplace(std::move(d)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(out->ok());
        QVERIFY(out->deactivated.isEmpty());

        // Removal knows the fingerprint from the listing above.
        std::optional<QString> fingerprint;
        m_workflow->lookupFingerprint(KeyRef{target, keyId, {}}, this, [&](QString f) { fingerprint = f; });
        QTRY_VERIFY(fingerprint.has_value());
        QCOMPARE(*fingerprint, audit().last().fingerprint);
        auto removed = await<QDateTime>([&](auto cb) {
            m_workflow->remove(KeyRef{target, keyId, *fingerprint}, this, cb);
        });
        QVERIFY(removed && *removed);
        QVERIFY(keysOf(target).isEmpty());
        QCOMPARE(count(audit(), vault::AuditOperation::Remove), 1);
    }

    void auditFailureIsReported()
    {
        const QString target = createTarget(QStringLiteral("audit-fails"));
        const QString keyId = addActiveKey(target);
        vault::AuditLog unwritable(QStringLiteral("/proc/targetdesk-no-such-dir/audit.jsonl"));
        KeyWorkflow workflow(m_client.get(), m_vault.get(), &unwritable);
        QSignalSpy failed(&workflow, &KeyWorkflow::auditFailed);
        auto r = await<QDateTime>([&](auto cb) {
            workflow.deactivate(KeyRef{target, keyId, {}}, Reason::BreakGlass, this, cb);
        });
        // The break-glass itself went through; the missing audit entry is said.
        QVERIFY(r && *r);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!failed.first().first().toString().isEmpty());
    }

    void instanceWideBoundsRequestsInFlight()
    {
        constexpr int targets = 24;
        for (int i = 0; i < targets; ++i) {
            const QString id = createTarget(QStringLiteral("wide-%1").arg(i));
            QVERIFY(!id.isEmpty());
            if (i % 3 != 2)
                QVERIFY(!addActiveKey(id).isEmpty());
        }
        // Every key request takes 300 ms, and each may take at most 1 s. With all of them started at once most would
        // wait behind the others past their deadline; queued here, each deadline starts when it is sent.
        m_sandbox->setFault(QStringLiteral("ListPublicKeys"), *sandbox::Fault::parse(QStringLiteral("delay:300")));
        m_sandbox->setFault(QStringLiteral("DeactivatePublicKey"), *sandbox::Fault::parse(QStringLiteral("delay:300")));
        m_client->setTimeout(1000ms);

        BreakGlass run(m_workflow.get());
        run.setMaxInFlight(3);
        QSignalSpy finished(&run, &BreakGlass::finished);
        run.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(run.listingError().isEmpty());
        QCOMPARE(run.results().size(), targets);
        QCOMPARE(run.count(BreakGlass::Status::Failed), 0);
        QCOMPARE(run.count(BreakGlass::Status::Deactivated), 16);
        QCOMPARE(run.count(BreakGlass::Status::NoActiveKey), 8);
        QCOMPARE(run.deactivatedKeyCount(), 16);
        QCOMPARE(run.peakInFlight(), 3);
        QCOMPARE(count(audit(), vault::AuditOperation::BreakGlass, QStringLiteral("all targets")), 16);
    }

    void instanceWideUnboundedWouldTimeOut()
    {
        // The control for the test above: the same load with every request started at once misses deadlines, so
        // the bound is what makes that test pass.
        constexpr int targets = 24;
        for (int i = 0; i < targets; ++i)
            QVERIFY(!addActiveKey(createTarget(QStringLiteral("all-at-once-%1").arg(i))).isEmpty());
        m_sandbox->setFault(QStringLiteral("ListPublicKeys"), *sandbox::Fault::parse(QStringLiteral("delay:300")));
        m_sandbox->setFault(QStringLiteral("DeactivatePublicKey"), *sandbox::Fault::parse(QStringLiteral("delay:300")));
        m_client->setTimeout(1000ms);
        BreakGlass run(m_workflow.get());
        run.setMaxInFlight(1000);
        QSignalSpy finished(&run, &BreakGlass::finished);
        run.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(run.count(BreakGlass::Status::Failed) > 0);
    }

    void instanceWideRetriesOnlyTheFailed()
    {
        for (int i = 0; i < 5; ++i)
            QVERIFY(!addActiveKey(createTarget(QStringLiteral("retry-%1").arg(i))).isEmpty());
        m_sandbox->setFault(QStringLiteral("DeactivatePublicKey"), *sandbox::Fault::parse(QStringLiteral("503*2")));
        BreakGlass run(m_workflow.get());
        QSignalSpy finished(&run, &BreakGlass::finished);
        run.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(run.count(BreakGlass::Status::Failed), 2);
        QCOMPARE(run.count(BreakGlass::Status::Deactivated), 3);
        for (const auto &r : run.results()) {
            if (r.status == BreakGlass::Status::Failed)
                QVERIFY(r.serverRefused);
        }
        run.retryFailed();
        QVERIFY(finished.wait(30000));
        QCOMPARE(run.count(BreakGlass::Status::Failed), 0);
        QCOMPARE(run.count(BreakGlass::Status::Deactivated), 5);
        // Five successes and two failures, each one audit entry.
        QCOMPARE(count(audit(), vault::AuditOperation::BreakGlass), 7);
    }

    void instanceWideListingFailure()
    {
        m_sandbox->setFault(QStringLiteral("ListTargets"), *sandbox::Fault::parse(QStringLiteral("500")));
        BreakGlass run(m_workflow.get());
        QSignalSpy finished(&run, &BreakGlass::finished);
        run.start();
        QVERIFY(finished.wait(30000));
        QVERIFY(!run.listingError().isEmpty());
        QVERIFY(run.listingRefusedByServer());
        QVERIFY(!run.isRunning());
    }
};

int main(int argc, char **argv)
{
    targetdesk::test::runInPrivateKeyring(argc, argv);
    QCoreApplication app(argc, argv);
    TestKeyWorkflow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keyworkflow.moc"
