// Loading 10,000 targets into TargetListModel (in pages of 500, as the loader does, or at once) and filtering them
// through TargetFilterProxyModel by a search string, sorted by name as the list shows them.
#include "model/targetlistmodel.h"

#include <QCoreApplication>

#include <benchmark/benchmark.h>

#include <chrono>

using namespace targetdesk;

namespace
{

constexpr int targetCount = 10'000;
constexpr int pageSize = 500;

QList<Target> makeTargets(int count)
{
    const QDateTime created(QDate(2026, 3, 14), QTime(9, 26, 53), Qt::UTC);
    QList<Target> targets;
    targets.reserve(count);
    for (int i = 1; i <= count; ++i) {
        Target t;
        t.id = QString::number(300'000'000'000'000'000LL + i);
        t.name = QStringLiteral("target-%1").arg(i, 5, 10, QLatin1Char('0'));
        t.type = TargetType(i % 3);
        t.interruptOnError = i % 2 == 0;
        t.timeout = std::chrono::seconds(1 + i % 30);
        t.endpoint = QStringLiteral("https://hooks.example.com/targets/%1").arg(i);
        t.payloadType = PayloadType(1 + i % 3);
        t.creationDate = t.changeDate = created.addSecs(i);
        targets.append(t);
    }
    return targets;
}

const QList<Target> &targets()
{
    static const QList<Target> all = makeTargets(targetCount);
    return all;
}

// Pages appended to a model that a sorted proxy watches: what the window does while loading.
void BM_LoadInPagesSorted(benchmark::State &state)
{
    for (auto _ : state) {
        TargetListModel model;
        TargetFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(TargetListModel::NameColumn);
        for (int first = 0; first < targetCount; first += pageSize)
            model.appendTargets(targets().mid(first, pageSize));
        benchmark::DoNotOptimize(proxy.rowCount());
    }
    state.SetItemsProcessed(state.iterations() * targetCount);
}
BENCHMARK(BM_LoadInPagesSorted)->Unit(benchmark::kMillisecond);

void BM_SetTargetsAtOnce(benchmark::State &state)
{
    for (auto _ : state) {
        TargetListModel model;
        TargetFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(TargetListModel::NameColumn);
        model.setTargets(targets());
        benchmark::DoNotOptimize(proxy.rowCount());
    }
    state.SetItemsProcessed(state.iterations() * targetCount);
}
BENCHMARK(BM_SetTargetsAtOnce)->Unit(benchmark::kMillisecond);

// Typing a search as a user does, one keystroke at a time ("t", "ta", ... "target-0042"), then clearing it.
void BM_FilterAsTyped(benchmark::State &state)
{
    TargetListModel model;
    TargetFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(TargetListModel::NameColumn);
    model.setTargets(targets());
    const QString search = QStringLiteral("target-0042");
    for (auto _ : state) {
        for (qsizetype n = 1; n <= search.size(); ++n)
            proxy.setSearchText(search.left(n));
        if (proxy.rowCount() != 10) // target-00420 … target-00429
            state.SkipWithError("wrong match count");
        proxy.setSearchText(QString());
    }
    state.SetItemsProcessed(state.iterations() * targetCount * (search.size() + 1));
}
BENCHMARK(BM_FilterAsTyped)->Unit(benchmark::kMillisecond);

// One search over the full list: a term matching half the endpoints, then two words.
void BM_FilterOnce(benchmark::State &state)
{
    TargetListModel model;
    TargetFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(TargetListModel::NameColumn);
    model.setTargets(targets());
    const QString text = state.range(0) == 0 ? QStringLiteral("TARGETS/1") : QStringLiteral("hooks 77");
    for (auto _ : state) {
        proxy.setSearchText(text);
        benchmark::DoNotOptimize(proxy.rowCount());
        proxy.setSearchText(QString());
    }
    state.SetLabel(text.toStdString());
}
BENCHMARK(BM_FilterOnce)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
