#include "connectiontest.h"

#include "api/zitadelclient.h"
#include "autherrors.h"
#include "authprovider.h"

namespace targetdesk::auth
{

namespace
{

using State = ConnectionReport::State;

// An id no target has: ZITADEL ids are decimal.
const QString missingTargetId = QStringLiteral("0");

} // namespace

bool ConnectionReport::ok() const
{
    for (const Check *c : {&reachable, &token, &read, &write}) {
        if (c->state != State::Ok)
            return false;
    }
    return tls.state != State::Failed;
}

ConnectionTest::ConnectionTest(ZitadelClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void ConnectionTest::start()
{
    if (m_running || !m_client)
        return;
    m_running = true;
    m_report = ConnectionReport();
    if (m_client->instance().scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
        checkCertificate();
    } else {
        m_report.tls.detail = tr("Plain http: nothing is encrypted.");
        checkToken();
    }
}

void ConnectionTest::cancel()
{
    if (m_call)
        m_call->cancel();
    m_running = false;
}

void ConnectionTest::step()
{
    Q_EMIT progress(m_report);
}

void ConnectionTest::done()
{
    m_running = false;
    Q_EMIT finished(m_report);
}

void ConnectionTest::fail(ConnectionReport::Check &check, const QString &detail)
{
    check.state = State::Failed;
    check.detail = detail;
    done();
}

void ConnectionTest::failTransport(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Tls:
        m_report.reachable.state = State::Ok;
        fail(m_report.tls, error.message);
        return;
    case ApiError::Kind::Cancelled:
        done();
        return;
    default:
        fail(m_report.reachable, error.toString());
        return;
    }
}

void ConnectionTest::checkCertificate()
{
    m_call = m_client->fetchServerCertificate(this, [this](Result<CertificateInfo> r) {
        if (!r) {
            failTransport(r.error());
            return;
        }
        m_report.reachable.state = State::Ok;
        m_report.certificate = *r;
        if (r->matchesPin) {
            m_report.tls = {State::Ok, tr("Pinned certificate %1").arg(r->fingerprint)};
        } else if (!m_client->tlsOptions().pinnedSha256.isEmpty()) {
            fail(m_report.tls, tr("The certificate has changed: the profile pins %1, the server presented %2.")
                                   .arg(formatSha256Fingerprint(m_client->tlsOptions().pinnedSha256), r->fingerprint));
            return;
        } else if (r->verifies()) {
            m_report.tls = {State::Ok,
                            tr("Issued by %1, valid until %2").arg(r->issuer, r->notAfter.toString(Qt::ISODate))};
        } else {
            fail(m_report.tls, tr("Not trusted (%1). SHA-256 fingerprint %2.")
                                   .arg(r->problems.join(QStringLiteral("; ")), r->fingerprint));
            return;
        }
        step();
        checkToken();
    });
}

void ConnectionTest::checkToken()
{
    const std::shared_ptr<AuthProvider> provider = m_client->authProvider();
    if (!provider) {
        fail(m_report.token, tr("No credentials are set."));
        return;
    }
    // A personal access token is only tested by using it.
    if (provider->method() == Method::PersonalAccessToken) {
        checkRead();
        return;
    }
    provider->token(*m_client, this, [this](Result<QString> r) {
        if (!r) {
            if (r.error().kind == ApiError::Kind::Server)
                m_report.reachable.state = State::Ok;
            if (r.error().kind == ApiError::Kind::Server || r.error().kind == ApiError::Kind::InvalidRequest)
                fail(m_report.token, r.error().message);
            else
                failTransport(r.error());
            return;
        }
        m_report.reachable.state = State::Ok;
        checkRead();
    });
}

void ConnectionTest::checkRead()
{
    TargetQuery query;
    query.limit = 1;
    m_call = m_client->listTargets(query, this, [this](Result<TargetPage> r) {
        const Method method =
            m_client->authProvider() ? m_client->authProvider()->method() : Method::PersonalAccessToken;
        if (!r) {
            const ApiError &e = r.error();
            if (e.kind != ApiError::Kind::Server) {
                failTransport(e);
                return;
            }
            m_report.reachable.state = State::Ok;
            if (e.httpStatus == 401) {
                fail(m_report.token, e.toString() + QLatin1Char(' ') + authAdvice(e, method));
                return;
            }
            m_report.token = {State::Ok, tr("Accepted")};
            fail(m_report.read,
                 e.toString() + (e.httpStatus == 403 ? QLatin1Char(' ') + authAdvice(e, method) : QString()));
            return;
        }
        m_report.reachable.state = State::Ok;
        m_report.token = {State::Ok, tr("Accepted")};
        m_report.read = {State::Ok, tr("%n target(s)", nullptr, int(r->totalResult))};
        step();
        checkWrite();
    });
}

void ConnectionTest::checkWrite()
{
    TargetPatch nothing;
    m_call = m_client->updateTarget(missingTargetId, nothing, this, [this](Result<UpdateTargetResponse> r) {
        const Method method =
            m_client->authProvider() ? m_client->authProvider()->method() : Method::PersonalAccessToken;
        if (r.ok() || (!r.ok() && r.error().kind == ApiError::Kind::Server &&
                       (r.error().httpStatus == 404 || r.error().httpStatus == 400))) {
            // Past the permission check: the request itself was refused (or, unexpectedly, accepted).
            m_report.write = {State::Ok, tr("Allowed")};
            done();
            return;
        }
        const ApiError &e = r.error();
        if (e.kind != ApiError::Kind::Server) {
            failTransport(e);
            return;
        }
        fail(m_report.write,
             e.toString() + (e.httpStatus == 403 ? QLatin1Char(' ') + authAdvice(e, method) : QString()));
    });
}

} // namespace targetdesk::auth
