#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace targetdesk::gui
{

class SecretClipboard;

// A read-only secret (a signing key): hidden behind dots until revealed, with Show and Copy buttons. Copying goes
// through SecretClipboard (marked secret, cleared later).
class SecretField : public QWidget
{
    Q_OBJECT
public:
    // `name` prefixes the object names of the parts ("signingKey" → "signingKeyField", "signingKeyRevealButton",
    // "signingKeyCopyButton"); `accessibleName` names the field for screen readers.
    SecretField(SecretClipboard *clipboard, const QString &name, const QString &accessibleName,
                QWidget *parent = nullptr);

    void setSecret(const QString &secret);
    QString secret() const { return m_secret; }
    bool isRevealed() const;
    void setRevealed(bool revealed);

    QLineEdit *field() const { return m_field; }
    QToolButton *revealButton() const { return m_reveal; }
    QToolButton *copyButton() const { return m_copy; }

private:
    void updateReveal();

    SecretClipboard *m_clipboard;
    QString m_secret;
    QLineEdit *m_field;
    QToolButton *m_reveal;
    QToolButton *m_copy;
};

} // namespace targetdesk::gui
