#pragma once

// An in-process sandbox on 127.0.0.1 and a ZitadelClient pointed at it, for the tests that talk to the API. Tests
// that include this link targetdesk_sandbox.

#include "api/zitadelclient.h"
#include "sandbox/sandbox.h"

#include <QHostAddress>
#include <QString>

#include <chrono>
#include <memory>

namespace targetdesk::test
{

struct SandboxOptions {
    // HTTPS with this certificate and unencrypted key (PEM files) when both are set; plain HTTP otherwise.
    QString certificatePath;
    QString keyPath;
    // 0: any free port.
    quint16 port = 0;
};

// A sandbox listening on 127.0.0.1; nullptr when it cannot start, with the reason in `error`.
inline std::unique_ptr<sandbox::Sandbox> startSandbox(QString *error, const SandboxOptions &options = {})
{
    auto sandbox = std::make_unique<sandbox::Sandbox>();
    QString reason;
    if (!options.certificatePath.isEmpty() &&
        !sandbox->setTlsFiles(options.certificatePath, options.keyPath, &reason)) {
        *error = QStringLiteral("setTlsFiles: ") + reason;
        return nullptr;
    }
    if (!sandbox->listen(QHostAddress::LocalHost, options.port, &reason)) {
        *error = QStringLiteral("listen: ") + reason;
        return nullptr;
    }
    return sandbox;
}

// A client for `sandbox` with a 10 s request timeout, authenticated with `token` when it is not empty.
inline std::unique_ptr<ZitadelClient> clientFor(const sandbox::Sandbox &sandbox, const QString &token = {})
{
    auto client = std::make_unique<ZitadelClient>();
    client->setInstance(sandbox.url());
    if (!token.isEmpty())
        client->setToken(token);
    client->setTimeout(std::chrono::seconds(10));
    return client;
}

} // namespace targetdesk::test
