#include "keys/keytimeline.h"

#include "keys/keystatestyle.h"
#include "model/publickeylistmodel.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

namespace targetdesk::gui
{

KeyTimeline::KeyTimeline(QWidget *parent) : QWidget(parent), m_layout(new QHBoxLayout(this)), m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("keyTimeline"));
    setAccessibleName(tr("Key timeline"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_empty->setObjectName(QStringLiteral("keyTimelineEmpty"));
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("No keys yet."));
    m_layout->addWidget(m_empty);
    m_layout->addStretch(1);
}

void KeyTimeline::setKeys(QList<PublicKey> keys, const QSet<QString> &heldFingerprints, const QDateTime &now)
{
    std::stable_sort(keys.begin(), keys.end(),
                     [](const PublicKey &a, const PublicKey &b) { return a.creationDate < b.creationDate; });
    m_keys = std::move(keys);
    m_held = heldFingerprints;
    m_now = now;
    rebuild();
}

QStringList KeyTimeline::stepTexts() const
{
    QStringList texts;
    for (const QWidget *w : m_items) {
        if (!w->accessibleName().isEmpty() && w->objectName().startsWith(QLatin1String("keyTimelineStep")))
            texts.append(w->accessibleName());
    }
    return texts;
}

void KeyTimeline::rebuild()
{
    qDeleteAll(m_items);
    m_items.clear();
    m_keyIds.clear();
    m_empty->setVisible(m_keys.isEmpty());
    int position = 0;
    for (const PublicKey &k : std::as_const(m_keys)) {
        const PublicKey::State state = k.state(m_now);
        if (position > 0) {
            auto *arrow = new QLabel(QStringLiteral("→"), this);
            arrow->setObjectName(QStringLiteral("keyTimelineArrow"));
            arrow->setForegroundRole(QPalette::PlaceholderText);
            m_layout->insertWidget(position++, arrow);
            m_items.append(arrow);
        }
        auto *step = new QFrame(this);
        step->setObjectName(QStringLiteral("keyTimelineStep_%1").arg(k.keyId));
        step->setFrameShape(QFrame::StyledPanel);
        step->setFrameShadow(state == PublicKey::State::Active ? QFrame::Raised : QFrame::Plain);
        step->setLineWidth(state == PublicKey::State::Active ? 2 : 1);
        auto *icon = new QLabel(step);
        icon->setPixmap(KeyStateStyle::icon(state, palette()).pixmap(16, 16));
        auto *text = new QLabel(step);
        text->setTextFormat(Qt::PlainText);
        const QString type = PublicKeyListModel::keyTypeText(k);
        const QString line1 = type.isEmpty() ? tr("Key %1").arg(k.keyId) : tr("Key %1 · %2").arg(k.keyId, type);
        QString line2 = tr("%1 · %2").arg(k.creationDate.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")),
                                          PublicKeyListModel::stateText(state));
        if (m_held.contains(k.fingerprint))
            line2 += tr(" · private key here");
        text->setText(line1 + QLatin1Char('\n') + line2);
        if (state == PublicKey::State::Active) {
            QFont f = text->font();
            f.setBold(true);
            text->setFont(f);
        }
        auto *row = new QHBoxLayout(step);
        row->setContentsMargins(6, 3, 6, 3);
        row->addWidget(icon);
        row->addWidget(text);
        step->setToolTip(PublicKeyListModel::stateExplanation(state));
        step->setAccessibleName(line1 + QStringLiteral(", ") + line2);
        m_layout->insertWidget(position++, step);
        m_items.append(step);
        m_keyIds.append(k.keyId);
    }
}

void KeyTimeline::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

} // namespace targetdesk::gui
