#include "keys/keytimeline.h"

#include "keys/keystatestyle.h"
#include "model/publickeylistmodel.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QStyle>

#include <algorithm>

namespace targetdesk::gui
{

// Lays its items out left to right and starts a new line where the next one would not fit; items in a line are
// centred vertically. Its height follows the width (heightForWidth), its minimum width is the widest item.
class KeyTimelineFlow : public QLayout
{
public:
    explicit KeyTimelineFlow(QWidget *parent) : QLayout(parent) {}
    ~KeyTimelineFlow() override
    {
        while (QLayoutItem *item = KeyTimelineFlow::takeAt(0))
            delete item;
    }

    void insertWidget(int index, QWidget *widget)
    {
        addChildWidget(widget);
        m_items.insert(std::clamp<qsizetype>(index, 0, m_items.size()), new QWidgetItem(widget));
        invalidate();
    }
    void addItem(QLayoutItem *item) override { m_items.append(item); }
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override
    {
        return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
    }
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(QRect(0, 0, width, 0), false); }
    void setGeometry(const QRect &rect) override
    {
        QLayout::setGeometry(rect);
        arrange(rect, true);
    }
    QSize minimumSize() const override
    {
        QSize size;
        for (const QLayoutItem *item : m_items) {
            if (!item->isEmpty())
                size = size.expandedTo(item->minimumSize());
        }
        const QMargins m = contentsMargins();
        return size + QSize(m.left() + m.right(), m.top() + m.bottom());
    }
    // One line when there is room for it.
    QSize sizeHint() const override
    {
        int width = 0;
        int height = 0;
        for (const QLayoutItem *item : m_items) {
            if (item->isEmpty())
                continue;
            width += (width > 0 ? gap(Qt::Horizontal) : 0) + item->sizeHint().width();
            height = std::max(height, item->sizeHint().height());
        }
        const QMargins m = contentsMargins();
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
    }

private:
    int gap(Qt::Orientation orientation) const
    {
        if (spacing() >= 0)
            return spacing();
        const QWidget *w = parentWidget();
        const QStyle *style = w ? w->style() : nullptr;
        if (!style)
            return 6;
        return style->pixelMetric(orientation == Qt::Horizontal ? QStyle::PM_LayoutHorizontalSpacing
                                                                : QStyle::PM_LayoutVerticalSpacing,
                                  nullptr, w);
    }
    // Places the items (when `apply`) and returns the height used at this width.
    int arrange(const QRect &rect, bool apply) const
    {
        const QRect area = rect.marginsRemoved(contentsMargins());
        const int hGap = std::max(0, gap(Qt::Horizontal));
        const int vGap = std::max(0, gap(Qt::Vertical));
        int y = area.y();
        QList<QLayoutItem *> line;
        int lineWidth = 0;
        int lineHeight = 0;
        const auto place = [&] {
            int x = area.x();
            for (QLayoutItem *item : std::as_const(line)) {
                const QSize hint = item->sizeHint().boundedTo(QSize(area.width(), QWIDGETSIZE_MAX));
                if (apply)
                    item->setGeometry(QRect(QPoint(x, y + (lineHeight - hint.height()) / 2), hint));
                x += hint.width() + hGap;
            }
        };
        for (QLayoutItem *item : m_items) {
            if (item->isEmpty())
                continue;
            const QSize hint = item->sizeHint();
            if (!line.isEmpty() && lineWidth + hGap + hint.width() > area.width()) {
                place();
                y += lineHeight + vGap;
                line.clear();
                lineWidth = 0;
                lineHeight = 0;
            }
            lineWidth += (line.isEmpty() ? 0 : hGap) + hint.width();
            lineHeight = std::max(lineHeight, hint.height());
            line.append(item);
        }
        place();
        const QMargins m = contentsMargins();
        return y + lineHeight - rect.y() + m.bottom();
    }

    QList<QLayoutItem *> m_items;
};

KeyTimeline::KeyTimeline(QWidget *parent)
    : QWidget(parent), m_layout(new KeyTimelineFlow(this)), m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("keyTimeline"));
    setAccessibleName(tr("Key timeline"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_empty->setObjectName(QStringLiteral("keyTimelineEmpty"));
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("No keys yet."));
    m_layout->addWidget(m_empty);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
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
