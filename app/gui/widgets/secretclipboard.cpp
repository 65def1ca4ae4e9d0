#include "widgets/secretclipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>

namespace targetdesk::gui
{

namespace
{

QByteArray hashOf(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

} // namespace

SecretClipboard::SecretClipboard(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SecretClipboard::clearNow);
}

SecretClipboard::~SecretClipboard()
{
    if (m_timer.isActive() && clipboardHoldsSecret())
        QGuiApplication::clipboard()->clear();
}

void SecretClipboard::copy(const QString &secret)
{
    auto *data = new QMimeData;
    data->setText(secret);
    // KDE's Klipper, KeePassXC and others skip data carrying this hint in their histories.
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(data);
    m_secretHash = hashOf(secret);
    m_timer.start(m_clearDelay);
    Q_EMIT copied();
}

bool SecretClipboard::clipboardHoldsSecret() const
{
    if (m_secretHash.isEmpty())
        return false;
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    return data && data->hasText() && hashOf(data->text()) == m_secretHash;
}

void SecretClipboard::clearNow()
{
    // Something the user copied since then is theirs: leave it alone.
    const bool holds = clipboardHoldsSecret();
    if (holds)
        QGuiApplication::clipboard()->clear();
    m_secretHash.clear();
    Q_EMIT clearedAfterDelay(holds);
}

} // namespace targetdesk::gui
