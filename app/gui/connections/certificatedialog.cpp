#include "connections/certificatedialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

QLabel *valueLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setAccessibleName(text);
    return label;
}

} // namespace

CertificateDialog::CertificateDialog(const CertificateInfo &info, QWidget *parent)
    : QDialog(parent), m_info(info), m_trust(nullptr)
{
    setObjectName(QStringLiteral("certificateDialog"));
    setWindowTitle(tr("Server Certificate"));
    setAccessibleName(windowTitle());
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("Compare the SHA-256 fingerprint with the one the instance's administrator gives "
                                "you before trusting this certificate."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    const QLocale locale;
    form->addRow(tr("Subject:"), valueLabel(info.subject, QStringLiteral("subjectLabel"), this));
    form->addRow(tr("Issuer:"), valueLabel(info.selfSigned ? tr("%1 (self-signed)").arg(info.issuer) : info.issuer,
                                           QStringLiteral("issuerLabel"), this));
    if (!info.subjectAlternativeNames.isEmpty())
        form->addRow(tr("Names:"), valueLabel(info.subjectAlternativeNames.join(QStringLiteral(", ")),
                                              QStringLiteral("namesLabel"), this));
    form->addRow(tr("Valid from:"), valueLabel(locale.toString(info.notBefore.toLocalTime(), QLocale::LongFormat),
                                               QStringLiteral("notBeforeLabel"), this));
    form->addRow(tr("Valid until:"), valueLabel(locale.toString(info.notAfter.toLocalTime(), QLocale::LongFormat),
                                                QStringLiteral("notAfterLabel"), this));
    QLabel *fingerprint = valueLabel(info.fingerprint, QStringLiteral("fingerprintLabel"), this);
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("SHA-256:"), fingerprint);
    QString status;
    if (info.matchesPin)
        status = tr("This is the certificate the profile pins.");
    else if (info.verifies())
        status = tr("Verified by a trusted certificate authority; no pin is needed.");
    else
        status = tr("Not trusted: %1").arg(info.problems.join(QStringLiteral(" ")));
    QLabel *statusLabel = valueLabel(status, QStringLiteral("certificateStatusLabel"), this);
    if (!info.trusted())
        statusLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    form->addRow(tr("Status:"), statusLabel);
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("certificateButtons"));
    m_trust = buttons->addButton(tr("&Trust (pin) this certificate"), QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(QStringLiteral("trustCertificateButton"));
    m_trust->setAccessibleName(tr("Trust (pin) this certificate"));
    m_trust->setEnabled(!info.matchesPin);
    // The safe answer is the default: Enter does not pin.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("certificateCancelButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_trust, &QPushButton::clicked, this, [this] {
        Q_EMIT trustRequested(m_info.sha256);
        accept();
    });
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 90);
}

} // namespace targetdesk::gui
