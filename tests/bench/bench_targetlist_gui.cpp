// The main window with a large instance (run it against `targetdesk-cli sandbox --seed-targets 10000`, see
// run_gui_bench.sh): how long from the first page's reply to the first rows on screen, how long one keystroke in
// the search field takes to filter and repaint, and the resident memory once every target is loaded.
//
//   TARGETDESK_TOKEN=... bench_targetlist_gui --instance URL [--keys TEXT]
// Prints "first_rows_ms <ms>", "keystroke_ms <median> <max>" and "rss_kib <N>", one per line.

#include "connections/connectioninfo.h"
#include "model/targetlistmodel.h"
#include "shell/mainwindow.h"
#include "targets/targetlistloader.h"
#include "targets/targetlistpanel.h"

#include "api/zitadelclient.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace targetdesk;

namespace
{

qint64 residentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Notes the first paint of the table's viewport that shows rows.
class FirstRowsProbe : public QObject
{
public:
    FirstRowsProbe(QTableView *view, QElapsedTimer *clock) : m_view(view), m_clock(clock) {}
    qint64 paintedAt = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (paintedAt < 0 && event->type() == QEvent::Paint && m_view->model() && m_view->model()->rowCount() > 0)
            paintedAt = m_clock->nsecsElapsed();
        return QObject::eventFilter(watched, event);
    }

private:
    QTableView *m_view;
    QElapsedTimer *m_clock;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--instance"));
    if (at < 0 || at + 1 >= args.size()) {
        std::fprintf(stderr, "usage: TARGETDESK_TOKEN=... bench_targetlist_gui --instance URL [--keys TEXT]\n");
        return 2;
    }
    const qsizetype keysAt = args.indexOf(QStringLiteral("--keys"));
    const QString keys = keysAt >= 0 && keysAt + 1 < args.size() ? args.at(keysAt + 1) : QStringLiteral("target-0123");
    const QString token = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TARGETDESK_TOKEN"));
    auto connection = gui::ConnectionInfo::forInstance(args.at(at + 1), token);
    if (const QString *error = std::get_if<QString>(&connection)) {
        std::fprintf(stderr, "%s\n", qPrintable(*error));
        return 2;
    }

    QElapsedTimer clock;
    clock.start();
    qint64 firstReplyAt = -1;
    gui::MainWindow window(std::get<gui::ConnectionInfo>(connection));
    gui::TargetListPanel *list = window.targetList();
    QNetworkAccessManager *network = window.findChild<ZitadelClient *>()->networkAccessManager();
    // QNetworkAccessManager::finished comes before the reply's own finished handlers (it connects first): the moment
    // the first page has arrived, before the app has parsed it.
    QObject::connect(network, &QNetworkAccessManager::finished, &app, [&](QNetworkReply *reply) {
        if (firstReplyAt < 0 && reply->url().path().contains(QLatin1String("targets")))
            firstReplyAt = clock.nsecsElapsed();
    });
    FirstRowsProbe probe(list->view(), &clock);
    list->view()->viewport()->installEventFilter(&probe);
    window.resize(1280, 760);
    window.show();

    QObject::connect(list->loader(), &gui::TargetListLoader::finished, &app, [&] {
        QTimer::singleShot(200, &app, [&] {
            QLineEdit *search = list->searchField();
            search->setFocus();
            QList<double> times;
            auto stroke = [&](auto key) {
                QElapsedTimer one;
                one.start();
                QTest::keyClick(search, key);
                list->view()->viewport()->repaint();
                times.append(double(one.nsecsElapsed()) / 1e6);
            };
            for (const QChar c : keys)
                stroke(c.toLatin1());
            for (qsizetype i = 0; i < keys.size(); ++i)
                stroke(Qt::Key_Backspace);
            std::sort(times.begin(), times.end());
            std::printf("first_rows_ms %.1f\n", double(probe.paintedAt - firstReplyAt) / 1e6);
            std::printf("keystroke_ms %.2f %.2f\n", times.at(times.size() / 2), times.last());
            std::printf("rows %d\n", list->model()->rowCount());
            std::printf("rss_kib %lld\n", static_cast<long long>(residentKib()));
            std::fflush(stdout);
            QApplication::quit();
        });
    });
    QObject::connect(list->loader(), &gui::TargetListLoader::failed, &app, [] {
        std::fprintf(stderr, "loading the targets failed\n");
        QApplication::exit(1);
    });
    return QApplication::exec();
}
