#!/usr/bin/env bash
# Throughput of `targetdesk-cli receive` for JWE deliveries (RSA-2048 and P-256) against `inspect --bulk` on the same
# tokens:
#   receive      deliveries/s through the whole receiver: HTTP/1.1 over loopback (keep-alive, bench_receiver as the
#                client, every body signed with a ZITADEL-Signature), the HMAC check, decryption, the RS256 JWT
#                verified against a JWKS, one JSON line per delivery written to a file; wall clock, first request
#                out to last answer in (the receiver answers after it has checked and printed)
#   bulk Nc / 1c `inspect --bulk` on a file of the same tokens (decrypt + verify, no HTTP, no HMAC), all cores and
#                pinned to one core (taskset -c 0); wall clock including start-up
# The receiver checks deliveries one after the other on its event loop, so its fair partner is bulk 1c; the ratio
# to bulk Nc shows what a parallel receiver could gain. Wall-clock numbers: run on a quiet machine (the load
# average is printed with the results).
#
# Usage: tests/bench/run_receiver_bench.sh [BUILD_DIR]
#   BUILD_DIR defaults to build/release (cmake --preset release), configured when it does not exist yet (numbers from
#   a Debug build are not worth reporting).
# Environment: BENCH_COUNT (deliveries per key type, default 500).
# Not part of ctest: it measures, it does not pass or fail. Takes well under 30 s with the defaults.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build/release}
count=${BENCH_COUNT:-500}
types="rsa-2048 ec-p256"
cores=$(nproc)

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target bench_jose bench_receiver targetdesk-cli >/dev/null
jose="$build/tests/bench/bench_jose"
client="$build/tests/bench/bench_receiver"
cli="$build/app/cli/targetdesk-cli"
work=$(mktemp -d)
receiver_pid=
cleanup() {
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# A throwaway signing key for this run only; never on a command line.
BENCH_SIGNING_KEY=$(head -c 24 /dev/urandom | base64)
export BENCH_SIGNING_KEY
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

ok_lines() { grep -c '"ok":true' "$1" || true; }

# One receive run: prints "<deliveries/s>"; $1 = type.
receive_run() {
    local t=$1
    "$cli" receive --port 0 --key "$work/$t.pem" --jwks "$work/jwks.json" --signing-key-env BENCH_SIGNING_KEY \
        >"$work/receive.out" 2>"$work/receive.err" &
    receiver_pid=$!
    local url=
    for _ in $(seq 1 200); do
        url=$(grep -o 'listening on http://[^ ]*' "$work/receive.err" | cut -d' ' -f3 || true)
        [ -n "$url" ] && break
        sleep 0.05
    done
    [ -n "$url" ] || { echo "receive did not start: $(cat "$work/receive.err")" >&2; exit 1; }
    local n seconds rate
    read -r n seconds rate < <("$client" --url "${url}bench" --file "$work/$t.jsonl" --signing-key-env BENCH_SIGNING_KEY)
    kill -TERM "$receiver_pid"
    wait "$receiver_pid" || true
    receiver_pid=
    local ok
    ok=$(ok_lines "$work/receive.out")
    [ "$ok" -eq "$count" ] || { echo "receive: only $ok of $count deliveries ok for $t" >&2; exit 1; }
    echo "$rate"
}

# One --bulk run: prints "<lines/s>"; $1 = type, rest = command prefix.
bulk_run() {
    local t=$1
    shift
    local start end
    start=$(date +%s.%N)
    "$@" "$cli" inspect --bulk --key "$work/$t.pem" --jwks "$work/jwks.json" "$work/$t.jsonl" >"$work/bulk.out" \
        2>/dev/null
    end=$(date +%s.%N)
    local ok
    ok=$(ok_lines "$work/bulk.out")
    [ "$ok" -eq "$count" ] || { echo "inspect --bulk: only $ok of $count lines ok for $t" >&2; exit 1; }
    awk -v n="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", n / (b - a) }'
}

: >"$work/results"
for t in $types; do
    echo "measuring: $t, $count deliveries: receive, inspect --bulk on all cores, on one core ..." >&2
    "$jose" --write-bulk "$work" --type "$t" --count "$count"
    recv=$(receive_run "$t")
    all=$(bulk_run "$t")
    one=$(bulk_run "$t" taskset -c 0)
    printf '%s\t%s\t%s\t%s\n' "$t" "$recv" "$all" "$one" >>"$work/results"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

echo
echo "Receiver throughput against inspect --bulk: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
    sed 's/^ *//'), build $(basename "$build"), $count deliveries per key type"
echo "load average before: $load_before, after: $load_after"
echo
printf '%-9s %12s %12s %12s %16s %16s\n' "key" "receive/s" "bulk ${cores}c/s" "bulk 1c/s" "receive/bulk 1c" \
    "receive/bulk ${cores}c"
while IFS=$'\t' read -r t recv all one; do
    printf '%-9s %12s %12s %12s %16s %16s\n' "$t" "$recv" "$all" "$one" "$(ratio "$recv" "$one")" \
        "$(ratio "$recv" "$all")"
done <"$work/results"
echo
echo "receive: HTTP + ZITADEL-Signature + decrypt + RS256 verify + one JSON line, one delivery at a time."
echo "bulk: decrypt + RS256 verify per line of a file. Ratios: receive / bulk, higher is better (1.00 = as fast)."
