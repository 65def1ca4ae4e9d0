#pragma once

#include <QDialog>

class QLabel;
class QPushButton;

namespace targetdesk::gui
{

class SecretClipboard;
class SecretField;

// Shows a target's signing key right after it was created or rotated, and says what it is for: receivers verify the
// ZITADEL-Signature header with it. Opened with open() (window-modal, never blocking the caller); deletes itself
// when closed.
class SigningKeyDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Reason { Created, Rotated };

    SigningKeyDialog(Reason reason, const QString &targetName, const QString &signingKey, SecretClipboard *clipboard,
                     QWidget *parent = nullptr);

    SecretField *keyField() const { return m_key; }
    QPushButton *copyButton() const { return m_copyButton; }

private:
    SecretField *m_key;
    QPushButton *m_copyButton;
    QLabel *m_copied;
};

} // namespace targetdesk::gui
