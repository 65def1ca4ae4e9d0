// What the shipped app shows beyond its screens: the application icon on every window and in the about box, the
// bundled fallback action icons, and the German translation chosen from the system locale. CTest runs this test with
// LANG=de_DE.UTF-8 (tests/gui/CMakeLists.txt), so the main window must come up in German.

#include "targetscreen.h"
#include "testsettings.h"
#include "widgetlookup.h"

#include "shell/appicons.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace targetdesk;
using namespace targetdesk::gui;
using namespace targetdesk::test;

class TestShipping : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void applicationIconHasEverySize();
    void fallbackActionIconsExist();
    void mainWindowAndAboutBoxShowTheIcon();
    void germanLocaleShowsGermanStrings();

private:
    QTemporaryDir m_settingsDir;
};

void TestShipping::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCOMPARE(QLocale().language(), QLocale::German); // set by CTest: LANG=de_DE.UTF-8
    useTestSettings(m_settingsDir.path(), QStringLiteral("tst_shipping"));
    installAppIcons();
}

void TestShipping::applicationIconHasEverySize()
{
    const QIcon icon = QApplication::windowIcon();
    QVERIFY(!icon.isNull());
    const QList<QSize> sizes = icon.availableSizes();
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        QVERIFY2(sizes.contains(QSize(size, size)), qPrintable(QString::number(size)));
    QCOMPARE(icon.pixmap(16, 16).size(), QSize(16, 16));
}

void TestShipping::fallbackActionIconsExist()
{
    // Offscreen there is no desktop icon theme: every action icon the app asks for comes from the bundled fallback.
    for (const char *name : {"document-new", "view-refresh", "edit-delete", "process-stop", "document-open-recent"}) {
        const QIcon icon = QIcon::fromTheme(QLatin1String(name));
        QVERIFY2(!icon.isNull() && !icon.availableSizes().isEmpty(), name);
    }
}

void TestShipping::mainWindowAndAboutBoxShowTheIcon()
{
    Instance instance;
    MainWindow w(instance.connection());
    w.show();
    QVERIFY(!w.windowIcon().isNull());
    QCOMPARE(w.windowIcon().cacheKey(), QApplication::windowIcon().cacheKey());

    QAction *about = child<QAction>(&w, "aboutAction");
    QVERIFY(about);
    bool checked = false;
    QTimer::singleShot(0, &w, [&checked] {
        for (QWidget *top : QApplication::topLevelWidgets()) {
            if (auto *box = qobject_cast<QMessageBox *>(top); box && box->isVisible()) {
                checked = !box->iconPixmap().isNull();
                box->accept();
            }
        }
    });
    about->trigger();
    QVERIFY2(checked, "the about box shows the application icon");
}

void TestShipping::germanLocaleShowsGermanStrings()
{
    Instance instance;
    MainWindow w(instance.connection());
    w.show();
    QStringList menus;
    for (QAction *action : w.menuBar()->actions())
        menus << action->text();
    QVERIFY2(menus.contains(QStringLiteral("&Datei")) || menus.contains(QStringLiteral("&Bearbeiten")),
             qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY2(menus.contains(QStringLiteral("&Hilfe")), qPrintable(menus.join(QLatin1Char(' '))));
    QCOMPARE(child<QAction>(&w, "aboutAction")->text(), QStringLiteral("&Über Targetdesk"));
}

QTEST_MAIN(TestShipping)
#include "tst_shipping.moc"
