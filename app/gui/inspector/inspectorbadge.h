#pragma once

#include <QLabel>

namespace targetdesk::gui
{

// A coloured pill that states one outcome of an inspection ("Decrypted", "Signature invalid"). The colour is a tint
// of the window colour, and the text keeps the palette's text colour, so it reads in light and dark palettes; a
// leading symbol carries the meaning for people who cannot tell the colours apart.
class InspectorBadge : public QLabel
{
    Q_OBJECT
public:
    enum class Tone { Good, Bad, Warning, Neutral };

    explicit InspectorBadge(QWidget *parent = nullptr);

    void setBadge(Tone tone, const QString &text);
    Tone tone() const { return m_tone; }
    // The text without the leading symbol.
    QString badgeText() const { return m_text; }

    static QColor accentColor(Tone tone);
    // The pill's background on a window of this palette.
    static QColor fillColor(Tone tone, const QPalette &palette);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Tone m_tone = Tone::Neutral;
    QString m_text;
};

} // namespace targetdesk::gui
