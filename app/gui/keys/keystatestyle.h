#pragma once

#include "model/publickey.h"

#include <QColor>
#include <QIcon>
#include <QIdentityProxyModel>

class QPalette;

namespace targetdesk::gui
{

// How key states look: a shape per state (filled circle, warning triangle, hollow circle, crossed circle) so they
// read without colour, and colours with enough contrast on light and dark palettes.
class KeyStateStyle
{
public:
    static QIcon icon(PublicKey::State state, const QPalette &palette);
    static QIcon warningIcon(const QPalette &palette);
    static QColor color(PublicKey::State state, const QPalette &palette);
    static QColor warningColor(const QPalette &palette);
    static bool isDark(const QPalette &palette);
};

// Adds the state icons and warning colours of KeyStateStyle to a PublicKeyListModel, for views (the model itself is
// QtCore only).
class KeyStateDecoration : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit KeyStateDecoration(QWidget *paletteSource, QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QWidget *m_paletteSource;
};

} // namespace targetdesk::gui
