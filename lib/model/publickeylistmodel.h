#pragma once

#include "model/publickey.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QSet>

namespace targetdesk
{

// The public keys of one target as a table, newest first. States are computed honestly against "now": a key marked
// active but expired is not used by ZITADEL and says so. Whether this machine holds a key's private half comes from
// outside (the vault index) as a set of fingerprints, so the model needs no keychain.
class PublicKeyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Views address columns by these names. The order is what a person looks for first: state, type, fingerprint,
    // expiry; the 18-digit key id last.
    enum Column {
        StateColumn,
        TypeColumn,
        FingerprintColumn,
        ExpiresColumn,
        CreatedColumn,
        PrivateKeyColumn,
        KeyIdColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // a value that orders correctly (dates, state order)
        KeyIdRole,
        FingerprintRole,
        StateRole,   // int(PublicKey::State)
        WarningRole, // true on cells that need attention: active but expired, expiring soon
        HeldRole,    // true when this machine holds the private key
    };
    Q_ENUM(Role)

    explicit PublicKeyListModel(QObject *parent = nullptr);
    ~PublicKeyListModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the keys (one reset); they are ordered newest first.
    void setKeys(QList<PublicKey> keys);
    void clear();
    const QList<PublicKey> &keys() const { return m_keys; }
    // `row` must be valid.
    const PublicKey &key(int row) const { return m_keys.at(row); }
    int rowOfKeyId(const QString &keyId) const;
    // The row of the key marked active (expired or not), or -1.
    int activeRow() const;

    // Fingerprints whose private key this machine holds; updates the private-key column.
    void setHeldFingerprints(const QSet<QString> &fingerprints);
    bool isHeld(const QString &fingerprint) const { return m_held.contains(fingerprint); }

    // The clock states and expiry warnings are computed against; invalid: the current time. For tests.
    void setNow(const QDateTime &now);
    QDateTime now() const;
    // Keys expiring within this many days get a warning (default 14).
    void setWarningDays(int days);
    int warningDays() const { return m_warningDays; }
    // States and "expires in" texts move with the clock: views call this now and then.
    void refreshTimes();

    // Texts shared with views and tests.
    static QString stateText(PublicKey::State state);
    static QString stateExplanation(PublicKey::State state);
    // "never", "in 5 days (2026-03-01)", "expired 3 days ago (…)".
    static QString expiryText(const PublicKey &key, const QDateTime &now);
    // True when the key is usable now and expires within `days`.
    static bool expiresSoon(const PublicKey &key, const QDateTime &now, int days);
    // "SHA256:AbCdEfGh…wxyz": enough to tell keys apart at a glance; the full text is in the tooltip and is what
    // gets copied.
    static QString shortFingerprint(const QString &fingerprint);
    // "RSA 3072", "EC P-256", or an empty string when the PEM cannot be read.
    static QString keyTypeText(const PublicKey &key);

private:
    QVariant displayData(int row, int column) const;
    QVariant sortData(int row, int column) const;
    QVariant toolTipData(int row, int column) const;
    bool warns(int row, int column) const;

    QList<PublicKey> m_keys;
    QList<QString> m_types; // keyTypeText() per row, computed once
    QSet<QString> m_held;
    QDateTime m_now;
    int m_warningDays = 14;
};

} // namespace targetdesk
