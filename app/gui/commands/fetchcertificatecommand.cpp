#include "commands/fetchcertificatecommand.h"

#include "api/zitadelclient.h"

namespace targetdesk::gui
{

FetchCertificateCommand::FetchCertificateCommand(const QUrl &instance, const TlsOptions &tls, QObject *parent)
    : Command(parent), m_probe(std::make_unique<ZitadelClient>())
{
    m_probe->setInstance(instance);
    m_probe->setTlsOptions(tls);
}

FetchCertificateCommand::~FetchCertificateCommand() = default;

void FetchCertificateCommand::doStart()
{
    track(m_probe->fetchServerCertificate(this, [this](Result<CertificateInfo> result) {
        if (!result)
            return fail(result.error());
        m_certificate = *result;
        finish();
    }));
}

} // namespace targetdesk::gui
