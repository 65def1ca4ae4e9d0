#!/usr/bin/env bash
# The GUI numbers of issue 14, in one run under Xvfb (1280x800), every ratio printed:
#   start-up     time from launch until the main window is mapped, the app with its built-in sandbox (the default a
#                new user gets) and with --instance, against bench_barewindow (a bare Qt window with a table); the
#                median of BENCH_RUNS launches each, taken alternately (goal: sandbox <= 1.5x bare)
#   10,000       bench_targetlist_gui against `targetdesk-cli sandbox --seed-targets 10000` in its own process:
#                first page's reply to first rows painted (goal <= 100 ms), one search keystroke filtered and
#                repainted (goal <= 16 ms), resident memory with every target loaded against the bare window's
#                (goal <= 2x)
# Wall-clock numbers: run it on a quiet machine; the load average is printed with the results.
#
# Usage: tests/bench/run_gui_bench.sh [BUILD_DIR]   (default build/release; cmake --preset release)
# Environment: BENCH_RUNS (launches per start-up measurement, default 7), BENCH_TARGETS (default 10000).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build/release}
runs=${BENCH_RUNS:-7}
targets=${BENCH_TARGETS:-10000}

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target targetdesk targetdesk-cli bench_barewindow bench_targetlist_gui >/dev/null
app="$build/app/gui/targetdesk"
cli="$build/app/cli/targetdesk-cli"
bare="$build/tests/bench/bench_barewindow"
listbench="$build/tests/bench/bench_targetlist_gui"
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# A display of our own, and settings of our own (no saved window state, no last-used profile).
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Milliseconds from launch to the first MapNotify of a top-level window (xev watches the root window).
time_to_map() {
    local xev_out="$work/xev.$RANDOM"
    stdbuf -oL xev -root -event substructure >"$xev_out" 2>/dev/null &
    local xev_pid=$!
    sleep 0.3
    local start
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 &
    local pid=$!
    local mapped=""
    for _ in $(seq 5000); do
        if grep -q MapNotify "$xev_out"; then
            mapped=$(date +%s%N)
            break
        fi
        sleep 0.002
    done
    kill "$pid" "$xev_pid" 2>/dev/null || true
    wait "$pid" "$xev_pid" 2>/dev/null || true
    rm -f "$xev_out"
    [ -n "$mapped" ] || { echo "no window appeared for: $*" >&2; exit 1; }
    echo $(((mapped - start) / 1000000))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

# An external sandbox for --instance and for the 10,000-target window.
token=bench$RANDOM$RANDOM$RANDOM
"$cli" sandbox --token "$token" --seed-targets "$targets" >"$work/sandbox.out" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q '^listening on' "$work/sandbox.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/sandbox.out")
[ -n "$url" ] || { echo "the sandbox did not start: $(cat "$work/sandbox.out")" >&2; exit 1; }
small_token=bench$RANDOM$RANDOM
"$cli" sandbox --token "$small_token" --seed >"$work/small.out" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q '^listening on' "$work/small.out" && break; sleep 0.1; done
small_url=$(sed -n 's/^listening on //p' "$work/small.out")

echo "measuring: start-up, $runs launches each ..." >&2
: >"$work/bare"
: >"$work/sandbox"
: >"$work/instance"
for _ in $(seq "$runs"); do
    time_to_map "$bare" >>"$work/bare"
    time_to_map "$app" >>"$work/sandbox"
    time_to_map env TARGETDESK_TOKEN="$small_token" "$app" --instance "$small_url" >>"$work/instance"
done
bare_ms=$(median <"$work/bare")
sandbox_ms=$(median <"$work/sandbox")
instance_ms=$(median <"$work/instance")

echo "measuring: the main window with $targets targets ..." >&2
TARGETDESK_TOKEN=$token "$listbench" --instance "$url" >"$work/list" 2>"$work/list.err" ||
    { cat "$work/list.err" >&2; exit 1; }
bare_rss=$("$bare" --rss-after 1500 | awk '/^rss_kib/ { print $2 }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
first_rows=$(awk '/^first_rows_ms/ { print $2 }' "$work/list")
stroke_median=$(awk '/^keystroke_ms/ { print $2 }' "$work/list")
stroke_max=$(awk '/^keystroke_ms/ { print $3 }' "$work/list")
rows=$(awk '/^rows/ { print $2 }' "$work/list")
list_rss=$(awk '/^rss_kib/ { print $2 }' "$work/list")

echo
echo "GUI under Xvfb 1280x800: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average before: $load_before, after: $load_after"
echo
printf '%-44s %10s %8s %s\n' "measure" "value" "ratio" "goal"
printf '%-44s %8s ms %8s %s\n' "start-up: bare Qt window with a table" "$bare_ms" "1.00" ""
printf '%-44s %8s ms %8s %s\n' "start-up: targetdesk, built-in sandbox" "$sandbox_ms" "$(ratio "$sandbox_ms" "$bare_ms")" \
    "<= 1.5"
printf '%-44s %8s ms %8s %s\n' "start-up: targetdesk --instance" "$instance_ms" "$(ratio "$instance_ms" "$bare_ms")" ""
printf '%-44s %8s ms %8s %s\n' "$rows targets: first page reply -> first rows" "$first_rows" "" "<= 100 ms"
printf '%-44s %8s ms %8s %s\n' "$rows targets: search keystroke (median)" "$stroke_median" "" "<= 16 ms"
printf '%-44s %8s ms %8s %s\n' "$rows targets: search keystroke (max)" "$stroke_max" "" "<= 16 ms"
printf '%-44s %7s MiB %8s %s\n' "resident memory: bare Qt window with a table" "$((bare_rss / 1024))" "1.00" ""
printf '%-44s %7s MiB %8s %s\n' "resident memory: $rows targets loaded" "$((list_rss / 1024))" \
    "$(ratio "$list_rss" "$bare_rss")" "<= 2"
echo
echo "start-up: launch to the main window's MapNotify (xev on the root window), median of $runs. The window with"
echo "$rows targets talks to targetdesk-cli sandbox in another process, so its memory is the app's alone."
