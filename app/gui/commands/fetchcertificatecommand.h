#pragma once

#include "api/tlsoptions.h"
#include "commands/command.h"

#include <QUrl>

#include <memory>

namespace targetdesk
{
class ZitadelClient;
} // namespace targetdesk

namespace targetdesk::gui
{

// "Show certificate…" of a profile being edited: connects to the instance's TLS port with the profile's TLS options
// and reports the certificate it presents, whether or not it verifies. Uses a client of its own (owned), since the
// profile is not saved yet.
class FetchCertificateCommand : public Command
{
    Q_OBJECT
public:
    FetchCertificateCommand(const QUrl &instance, const TlsOptions &tls, QObject *parent = nullptr);
    ~FetchCertificateCommand() override;

    // After success: what the server presented.
    const CertificateInfo &certificate() const { return m_certificate; }

protected:
    void doStart() override;

private:
    std::unique_ptr<ZitadelClient> m_probe;
    CertificateInfo m_certificate;
};

} // namespace targetdesk::gui
