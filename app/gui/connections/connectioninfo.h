#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <variant>

namespace targetdesk::gui
{

// Which ZITADEL the window talks to and how it authenticates. The token stays out of titles and messages.
struct ConnectionInfo {
    Q_DECLARE_TR_FUNCTIONS(ConnectionInfo)

public:
    enum class Kind { Sandbox, Instance };

    Kind kind = Kind::Instance;
    QUrl url;
    QString token;

    static ConnectionInfo sandbox(const QUrl &url, const QString &token);
    // Checks what a user passed with --instance and the token from the environment; an error text on failure.
    static std::variant<ConnectionInfo, QString> forInstance(const QString &urlText, const QString &token);

    bool isSandbox() const { return kind == Kind::Sandbox; }
    // "Sandbox (http://127.0.0.1:40123)" or "https://acme.zitadel.cloud": what titles and status bars show.
    QString displayName() const;
};

} // namespace targetdesk::gui
