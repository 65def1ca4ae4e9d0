#pragma once

#include "api/tlsoptions.h"

#include <QDialog>

class QPushButton;

namespace targetdesk::gui
{

// A server's certificate as it presented it, shown before the user trusts (pins) exactly that certificate: subject,
// issuer, validity, SHA-256 and why it does not verify.
class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CertificateDialog(const CertificateInfo &info, QWidget *parent = nullptr);

    [[nodiscard]] const CertificateInfo &info() const { return m_info; }
    QPushButton *trustButton() const { return m_trust; }

Q_SIGNALS:
    // The user chose to pin this certificate's SHA-256.
    void trustRequested(const QByteArray &sha256);

private:
    CertificateInfo m_info;
    QPushButton *m_trust;
};

} // namespace targetdesk::gui
