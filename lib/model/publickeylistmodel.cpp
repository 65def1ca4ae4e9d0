#include "publickeylistmodel.h"

#include "crypto/publickeyimport.h"

#include <QLocale>

#include <algorithm>

namespace targetdesk
{

namespace
{

QString shortDate(const QDateTime &date)
{
    // The same unambiguous form as the target list.
    return date.isValid() ? date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

// Order of states for sorting: what matters most first.
int stateOrder(PublicKey::State state)
{
    switch (state) {
    case PublicKey::State::Active:
        return 0;
    case PublicKey::State::ActiveButExpired:
        return 1;
    case PublicKey::State::Inactive:
        return 2;
    case PublicKey::State::Expired:
        return 3;
    }
    return 4;
}

} // namespace

PublicKeyListModel::PublicKeyListModel(QObject *parent) : QAbstractTableModel(parent) {}

PublicKeyListModel::~PublicKeyListModel() = default;

int PublicKeyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int PublicKeyListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDateTime PublicKeyListModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

void PublicKeyListModel::setNow(const QDateTime &now)
{
    m_now = now;
    refreshTimes();
}

void PublicKeyListModel::setWarningDays(int days)
{
    m_warningDays = std::max(0, days);
    refreshTimes();
}

void PublicKeyListModel::refreshTimes()
{
    if (m_keys.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void PublicKeyListModel::setKeys(QList<PublicKey> keys)
{
    std::stable_sort(keys.begin(), keys.end(),
                     [](const PublicKey &a, const PublicKey &b) { return a.creationDate > b.creationDate; });
    beginResetModel();
    m_keys = std::move(keys);
    m_types.clear();
    for (const PublicKey &k : std::as_const(m_keys))
        m_types.append(keyTypeText(k));
    endResetModel();
}

void PublicKeyListModel::clear()
{
    setKeys({});
}

int PublicKeyListModel::rowOfKeyId(const QString &keyId) const
{
    for (int i = 0; i < m_keys.size(); ++i) {
        if (m_keys.at(i).keyId == keyId)
            return i;
    }
    return -1;
}

int PublicKeyListModel::activeRow() const
{
    for (int i = 0; i < m_keys.size(); ++i) {
        if (m_keys.at(i).active)
            return i;
    }
    return -1;
}

void PublicKeyListModel::setHeldFingerprints(const QSet<QString> &fingerprints)
{
    if (fingerprints == m_held)
        return;
    m_held = fingerprints;
    if (!m_keys.isEmpty())
        Q_EMIT dataChanged(index(0, PrivateKeyColumn), index(rowCount() - 1, PrivateKeyColumn));
}

QString PublicKeyListModel::stateText(PublicKey::State state)
{
    switch (state) {
    case PublicKey::State::Active:
        return tr("Active");
    case PublicKey::State::ActiveButExpired:
        return tr("Active but expired");
    case PublicKey::State::Inactive:
        return tr("Inactive");
    case PublicKey::State::Expired:
        return tr("Expired");
    }
    return {};
}

QString PublicKeyListModel::stateExplanation(PublicKey::State state)
{
    switch (state) {
    case PublicKey::State::Active:
        return tr("ZITADEL encrypts this target's payloads with this key.");
    case PublicKey::State::ActiveButExpired:
        return tr("Marked active, but expired: ZITADEL no longer uses it and sends this target nothing.");
    case PublicKey::State::Inactive:
        return tr("Not used; it can be activated.");
    case PublicKey::State::Expired:
        return tr("Expired: it can no longer be activated.");
    }
    return {};
}

bool PublicKeyListModel::expiresSoon(const PublicKey &key, const QDateTime &now, int days)
{
    return key.expirationDate.isValid() && !key.isExpired(now) && now.addDays(days) >= key.expirationDate;
}

QString PublicKeyListModel::expiryText(const PublicKey &key, const QDateTime &now)
{
    // Singular and plural spelled out: lib/ is not scanned for the English plural forms of the GUI translation.
    if (!key.expirationDate.isValid())
        return tr("never");
    const QString date = shortDate(key.expirationDate);
    const qint64 seconds = now.secsTo(key.expirationDate);
    if (seconds <= 0) {
        const qint64 daysAgo = -seconds / 86400;
        if (daysAgo == 0)
            return tr("expired today (%1)").arg(date);
        if (daysAgo == 1)
            return tr("expired 1 day ago (%1)").arg(date);
        return tr("expired %1 days ago (%2)").arg(daysAgo).arg(date);
    }
    if (seconds < 3600)
        return tr("in less than an hour (%1)").arg(date);
    if (seconds < 7200)
        return tr("in 1 hour (%1)").arg(date);
    if (seconds < 86400)
        return tr("in %1 hours (%2)").arg(seconds / 3600).arg(date);
    if (seconds < 2 * 86400)
        return tr("in 1 day (%1)").arg(date);
    return tr("in %1 days (%2)").arg(seconds / 86400).arg(date);
}

QString PublicKeyListModel::keyTypeText(const PublicKey &key)
{
    if (key.publicKeyPem.isEmpty())
        return {};
    const crypto::PublicKeyImport parsed = crypto::importPublicKey(key.publicKeyPem);
    return parsed.ok() ? parsed.description : QString();
}

bool PublicKeyListModel::warns(int row, int column) const
{
    const PublicKey &k = m_keys.at(row);
    const QDateTime t = now();
    switch (column) {
    case StateColumn:
        return k.state(t) == PublicKey::State::ActiveButExpired;
    case ExpiresColumn:
        return k.state(t) == PublicKey::State::ActiveButExpired || expiresSoon(k, t, m_warningDays);
    default:
        return false;
    }
}

QVariant PublicKeyListModel::displayData(int row, int column) const
{
    const PublicKey &k = m_keys.at(row);
    switch (column) {
    case StateColumn:
        return stateText(k.state(now()));
    case KeyIdColumn:
        return k.keyId;
    case TypeColumn:
        return m_types.value(row);
    case ExpiresColumn:
        return expiryText(k, now());
    case CreatedColumn:
        return shortDate(k.creationDate);
    case PrivateKeyColumn:
        return isHeld(k.fingerprint) ? tr("On this machine") : tr("Not here");
    case FingerprintColumn:
        return shortFingerprint(k.fingerprint);
    }
    return {};
}

QString PublicKeyListModel::shortFingerprint(const QString &fingerprint)
{
    // "SHA256:" + 43 base64 characters; keep the prefix, 8 characters of the start and 4 of the end.
    const qsizetype colon = fingerprint.indexOf(QLatin1Char(':'));
    const qsizetype start = colon < 0 ? 0 : colon + 1;
    if (fingerprint.size() - start <= 16)
        return fingerprint;
    return fingerprint.left(start + 8) + QChar(0x2026) + fingerprint.right(4);
}

QVariant PublicKeyListModel::sortData(int row, int column) const
{
    const PublicKey &k = m_keys.at(row);
    switch (column) {
    case StateColumn:
        return stateOrder(k.state(now()));
    case ExpiresColumn:
        // Never expiring sorts last.
        return k.expirationDate.isValid() ? k.expirationDate : QDateTime(QDate(9999, 12, 31), QTime(0, 0));
    case CreatedColumn:
        return k.creationDate;
    case PrivateKeyColumn:
        return isHeld(k.fingerprint) ? 0 : 1;
    case FingerprintColumn:
        return k.fingerprint;
    default:
        return displayData(row, column);
    }
}

QVariant PublicKeyListModel::toolTipData(int row, int column) const
{
    const PublicKey &k = m_keys.at(row);
    switch (column) {
    case StateColumn:
        return stateExplanation(k.state(now()));
    case ExpiresColumn:
        if (k.expirationDate.isValid())
            return QLocale().toString(k.expirationDate.toLocalTime(), QLocale::LongFormat);
        return tr("This key does not expire.");
    case CreatedColumn:
        return k.creationDate.isValid() ? QLocale().toString(k.creationDate.toLocalTime(), QLocale::LongFormat)
                                        : QString();
    case PrivateKeyColumn:
        return isHeld(k.fingerprint)
                   ? tr("The vault on this machine holds the private key: payloads encrypted to it can be read here.")
                   : tr("This machine does not hold the private key.");
    case FingerprintColumn:
        return tr("%1\nSHA-256 fingerprint of the public key (Keys → Copy Fingerprint copies it)").arg(k.fingerprint);
    default:
        return {};
    }
}

QVariant PublicKeyListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const PublicKey &k = m_keys.at(row);
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case Qt::AccessibleTextRole: {
        const QString text = displayData(row, column).toString();
        return warns(row, column) ? tr("Warning: %1").arg(text) : text;
    }
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case SortRole:
        return sortData(row, column);
    case KeyIdRole:
        return k.keyId;
    case FingerprintRole:
        return k.fingerprint;
    case StateRole:
        return int(k.state(now()));
    case WarningRole:
        return warns(row, column);
    case HeldRole:
        return isHeld(k.fingerprint);
    default:
        return {};
    }
}

QVariant PublicKeyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StateColumn:
        return tr("State");
    case KeyIdColumn:
        return tr("Key ID");
    case TypeColumn:
        return tr("Type");
    case ExpiresColumn:
        return tr("Expires");
    case CreatedColumn:
        return tr("Created");
    case PrivateKeyColumn:
        return tr("Private Key");
    case FingerprintColumn:
        return tr("Fingerprint");
    }
    return {};
}

} // namespace targetdesk
