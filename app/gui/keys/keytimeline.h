#pragma once

#include "model/publickey.h"

#include <QList>
#include <QSet>
#include <QWidget>

class QLabel;

namespace targetdesk::gui
{

class KeyTimelineFlow;

// The keys of a target in the order they were created, oldest first, each with its state: what a rotation left
// behind ("old key, inactive → new key, active") at a glance. The steps wrap onto further lines where the panel is
// narrow (long translations, many keys), so the timeline never scrolls sideways.
class KeyTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit KeyTimeline(QWidget *parent = nullptr);

    void setKeys(QList<PublicKey> keys, const QSet<QString> &heldFingerprints, const QDateTime &now);
    // Key ids shown, oldest first.
    QStringList keyIds() const { return m_keyIds; }
    // The text of each step, oldest first (what screen readers hear).
    QStringList stepTexts() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    KeyTimelineFlow *m_layout;
    QLabel *m_empty;
    QList<QWidget *> m_items;
    QList<PublicKey> m_keys;
    QSet<QString> m_held;
    QDateTime m_now;
    QStringList m_keyIds;
};

} // namespace targetdesk::gui
