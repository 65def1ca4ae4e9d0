#!/usr/bin/env bash
# JWE decryption against the OpenSSL floor, per key type, with every ratio issue 14 names printed in one run:
#   decrypt 1c   `openssl speed` (one RSA private-key op, or one ECDH derive) / Jwe::parse + decrypt, one core
#                (goal <= 1.3)
#   inspect 1c   the same floor / the whole inspector (decrypt + RS256 JWT verified against a JWKS + payload), one
#                core (goal <= 1.5)
#   +verify      the same, against the floor of both OpenSSL operations an inspection has to do: the private-key
#                operation and the RS256 verification of the inner JWT (`openssl speed rsa2048`, verify/s)
#   bulk Nc      `openssl speed -multi N -elapsed` / `targetdesk-cli inspect --bulk` on a generated file of
#                ZITADEL-shaped tokens (every line its own encryption), all cores, wall clock (goal <= 1.5)
#   scaling      --bulk on all cores / --bulk pinned to one core (taskset), wall clock (goal >= 1.8 on 2 cores)
#   max RSS      peak resident memory of --bulk for the file and for one four times as long (bounded: about equal)
# One-core numbers on both sides are per CPU-second (what `openssl speed` reports by default), so they hold when
# other processes share the machine; the all-core and scaling numbers are wall clock, so run them on a quiet machine
# (the load average is printed with the results).
#
# Usage: tests/bench/run_jose_bench.sh [BUILD_DIR]
#   BUILD_DIR defaults to build/release (cmake --preset release), configured when it does not exist yet (numbers from
#   a Debug build are not worth reporting).
# Environment: BENCH_SECONDS (per measurement, default 2), BENCH_BULK_SECONDS (about how long each --bulk run
# takes, default 3), BENCH_TYPES (default: all six key types).
# Not part of ctest: it measures, it does not pass or fail.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build/release}
per=${BENCH_SECONDS:-2}
bulk_seconds=${BENCH_BULK_SECONDS:-3}
types=${BENCH_TYPES:-rsa-2048 rsa-3072 rsa-4096 ec-p256 ec-p384 ec-p521}
cores=$(nproc)

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target bench_jose targetdesk-cli >/dev/null
bench="$build/tests/bench/bench_jose"
cli="$build/app/cli/targetdesk-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

openssl_algorithms() {
    for t in $types; do
        case $t in
        rsa-*) printf 'rsa%s ' "${t#rsa-}" ;;
        ec-p*) printf 'ecdhp%s ' "${t#ec-p}" ;;
        esac
    done
}

# "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>" and " 256 bits ecdh (nistp256) <s> <op/s>" (OpenSSL 3.0;
# later versions add encrypt/decrypt columns to the RSA line: take the decrypt rate there). With -multi the lines
# read "rsa 2048 bits ..." too, rates summed over the processes.
parse_openssl() {
    awk '
        /^ *sign +verify +encrypt +decrypt/ { rsa_decrypt_col = 1 }
        /^rsa +[0-9]+ +bits/ { print "rsa-" $2 "\t" (rsa_decrypt_col ? $NF : $6) }
        /bits ecdh \(nistp[0-9]+\)/ { match($0, /nistp[0-9]+/); print "ec-p" substr($0, RSTART + 5, RLENGTH - 5) "\t" $NF }
    '
}

echo "measuring: openssl speed (1 core, CPU time; then $cores processes, wall clock) ..." >&2
openssl speed -seconds "$per" $(openssl_algorithms) 2>/dev/null | parse_openssl >"$work/openssl-1"
openssl speed -elapsed -multi "$cores" -seconds "$per" $(openssl_algorithms) 2>/dev/null | parse_openssl \
    >"$work/openssl-n"
# The inner JWT's RS256 verification (one RSA-2048 public-key operation), per CPU-second.
openssl speed -seconds "$per" rsa2048 2>/dev/null | awk '
    /^ *sign +verify +encrypt +decrypt/ { newer = 1 }
    /^rsa +2048 +bits/ { print (newer ? $(NF - 2) : $7) }
' >"$work/openssl-verify"
verify_rate=$(cat "$work/openssl-verify")
echo "measuring: bench_jose ..." >&2
"$bench" --seconds "$per" --threads "$cores" --types "$(echo $types | tr ' ' ',')" | grep -v '^#' >"$work/bench"

lookup() { awk -F'\t' -v k="$2" -v m="$3" '$1 == k && (m == "" || $2 == m) { print $NF; exit }' "$1"; }

# One --bulk run: prints "<lines/s> <max RSS KiB>"; $1 = type, $2 = file, $3 = count, rest = command prefix.
bulk_run() {
    local t=$1 file=$2 count=$3
    shift 3
    local start end
    start=$(date +%s.%N)
    "$@" /usr/bin/time -f '%M' -o "$work/rss" "$cli" inspect --bulk --key "$work/$t.pem" --jwks "$work/jwks.json" \
        "$file" >"$work/out" 2>/dev/null
    end=$(date +%s.%N)
    local ok
    ok=$(grep -c '"ok":true' "$work/out" || true)
    [ "$ok" -eq "$count" ] || { echo "inspect --bulk: only $ok of $count lines ok for $t" >&2; exit 1; }
    awk -v n="$count" -v a="$start" -v b="$end" -v m="$(tail -1 "$work/rss")" 'BEGIN { printf "%.1f %s\n", n / (b - a), m }'
}

: >"$work/bulk"
for t in $types; do
    rate=$(lookup "$work/bench" "$t" "inspect-$cores-wall")
    count=$(awk -v r="${rate:-100}" -v s="$bulk_seconds" 'BEGIN { n = int(r * s); if (n < 200) n = 200; print n }')
    echo "measuring: targetdesk-cli inspect --bulk, $t, $count lines (all cores, one core, 4x the lines) ..." >&2
    "$bench" --write-bulk "$work" --type "$t" --count "$count"
    for _ in 1 2 3 4; do cat "$work/$t.jsonl"; done >"$work/$t-4x.jsonl"
    read -r all rss < <(bulk_run "$t" "$work/$t.jsonl" "$count")
    read -r one _ < <(bulk_run "$t" "$work/$t.jsonl" "$count" taskset -c 0)
    read -r _ rss4 < <(bulk_run "$t" "$work/$t-4x.jsonl" "$((count * 4))")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$all" "$one" "$rss" "$rss4" "$count" >>"$work/bulk"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }

echo
echo "JWE decryption against the OpenSSL floor: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
    sed 's/^ *//'), $(openssl version | cut -d' ' -f1-2)"
echo "load average before: $load_before, after: $load_after"
echo
echo "Rates (per second): openssl 1c = RSA private-key op (sign/s) or ECDH derive (op/s) per CPU-second;"
echo "decrypt/inspect 1c per CPU-second; openssl ${cores}c and --bulk wall clock."
printf '%-9s %11s %11s %11s %11s %11s %11s\n' "key" "openssl 1c" "decrypt 1c" "inspect 1c" "openssl ${cores}c" \
    "bulk ${cores}c" "bulk 1c"
for t in $types; do
    printf '%-9s %11s %11s %11s %11s %11s %11s\n' "$t" "$(lookup "$work/openssl-1" "$t" "")" \
        "$(lookup "$work/bench" "$t" decrypt-1-cpu)" "$(lookup "$work/bench" "$t" inspect-1-cpu)" \
        "$(lookup "$work/openssl-n" "$t" "")" "$(awk -v t="$t" '$1 == t { print $2 }' "$work/bulk")" \
        "$(awk -v t="$t" '$1 == t { print $3 }' "$work/bulk")"
done
echo
echo "Ratios (floor / ours, lower is better; scaling higher is better). Goals: decrypt <= 1.3, inspect <= 1.5,"
echo "bulk <= 1.5, scaling >= 1.8 (on 2 cores)."
printf '%-9s %11s %11s %11s %11s %11s %17s\n' "key" "decrypt 1c" "inspect 1c" "+verify 1c" "bulk ${cores}c" "scaling" \
    "max RSS n / 4n"
for t in $types; do
    floor1=$(lookup "$work/openssl-1" "$t" "")
    floorn=$(lookup "$work/openssl-n" "$t" "")
    both=$(awk -v a="$floor1" -v b="$verify_rate" 'BEGIN { if (a > 0 && b > 0) printf "%.1f", 1 / (1 / a + 1 / b) }')
    read -r _ all one rss rss4 count < <(awk -v t="$t" '$1 == t' "$work/bulk")
    printf '%-9s %11s %11s %11s %11s %11s %17s\n' "$t" \
        "$(ratio "$floor1" "$(lookup "$work/bench" "$t" decrypt-1-cpu)")" \
        "$(ratio "$floor1" "$(lookup "$work/bench" "$t" inspect-1-cpu)")" \
        "$(ratio "$both" "$(lookup "$work/bench" "$t" inspect-1-cpu)")" "$(ratio "$floorn" "$all")" \
        "$(ratio "$all" "$one")" "$((rss / 1024)) / $((rss4 / 1024)) MiB"
done
echo "+verify: the inspection against the private-key operation plus one RS256 verification ($verify_rate/s)."
echo
echo "decrypt: Jwe::parse + decrypt (RSA-OAEP-256 or ECDH-ES+A256KW, A256GCM). inspect: inspectDelivery with the"
echo "key and a JWKS (decrypt + RS256 verify + payload). bulk: the whole process on one generated file, output to a"
echo "file; 1c pinned with taskset -c 0."
