// The baseline of the GUI benchmarks: a bare Qt main window with a table (8 columns, 20 rows), nothing else. The
// start-up script measures how long it takes to appear and how much memory it holds, next to the app.
//
//   bench_barewindow [--rss-after MS]   with --rss-after: print "rss_kib <N>" after MS milliseconds and quit

#include <QApplication>
#include <QFile>
#include <QHeaderView>
#include <QMainWindow>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>

#include <cstdio>

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

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("bare window"));
    auto *model = new QStandardItemModel(20, 8, &window);
    for (int row = 0; row < 20; ++row) {
        for (int column = 0; column < 8; ++column)
            model->setItem(row, column, new QStandardItem(QStringLiteral("cell %1.%2").arg(row).arg(column)));
    }
    auto *table = new QTableView(&window);
    table->setModel(model);
    window.setCentralWidget(table);
    window.resize(1280, 760);
    window.show();
    const QStringList args = QApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--rss-after"));
    if (at >= 0 && at + 1 < args.size()) {
        QTimer::singleShot(args.at(at + 1).toInt(), &app, [&app] {
            std::printf("rss_kib %lld\n", static_cast<long long>(residentKib()));
            std::fflush(stdout);
            app.quit();
        });
    }
    return QApplication::exec();
}
