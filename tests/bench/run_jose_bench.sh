#!/usr/bin/env bash
# JWE decryption throughput per key type, as a table: `openssl speed` for the same key (the floor of the work: one
# RSA private-key operation, or one ECDH derivation), the JWE layer alone (parse + decrypt), the whole inspector
# (decrypt + RS256 JWT verified against a JWKS + payload), on one core and on every core, and `targetdesk-cli
# inspect --bulk` on a generated file of ZITADEL-shaped tokens (every line its own encryption).
#
# Usage: tests/bench/run_jose_bench.sh [BUILD_DIR]
#   BUILD_DIR defaults to build/bench, configured as a Release build without the GUI when it does not exist yet
#   (numbers from a Debug build are not worth reporting).
# Environment: BENCH_SECONDS (per measurement, default 2), BENCH_BULK_SECONDS (about how long each --bulk run
# takes, default 3), BENCH_TYPES (default: all six key types).
# Not part of ctest: it measures, it does not pass or fail.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build/bench}
per=${BENCH_SECONDS:-2}
bulk_seconds=${BENCH_BULK_SECONDS:-3}
types=${BENCH_TYPES:-rsa-2048 rsa-3072 rsa-4096 ec-p256 ec-p384 ec-p521}
cores=$(nproc)

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTARGETDESK_BUILD_GUI=OFF >/dev/null
fi
cmake --build "$build" --target bench_jose targetdesk-cli >/dev/null
bench="$build/tests/bench/bench_jose"
cli="$build/app/cli/targetdesk-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl_algorithms() {
    for t in $types; do
        case $t in
        rsa-*) printf 'rsa%s ' "${t#rsa-}" ;;
        ec-p*) printf 'ecdhp%s ' "${t#ec-p}" ;;
        esac
    done
}

# "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>" and " 256 bits ecdh (nistp256) <s> <op/s>" (OpenSSL 3.0;
# later versions add encrypt/decrypt columns to the RSA line: take the decrypt rate there).
parse_openssl() {
    awk '
        /^ *sign +verify +encrypt +decrypt/ { rsa_decrypt_col = 1 }
        /^rsa +[0-9]+ +bits/ { print "rsa-" $2 "\t" (rsa_decrypt_col ? $NF : $6) }
        /bits ecdh \(nistp[0-9]+\)/ { match($0, /nistp[0-9]+/); print "ec-p" substr($0, RSTART + 5, RLENGTH - 5) "\t" $NF }
    '
}

echo "measuring: openssl speed (1 core, then $cores) ..." >&2
openssl speed -seconds "$per" $(openssl_algorithms) 2>/dev/null | parse_openssl >"$work/openssl-1"
openssl speed -multi "$cores" -seconds "$per" $(openssl_algorithms) 2>/dev/null | parse_openssl >"$work/openssl-n"
echo "measuring: bench_jose ..." >&2
"$bench" --seconds "$per" --threads "$cores" | grep -v '^#' >"$work/bench"

lookup() { awk -F'\t' -v k="$2" -v m="$3" '$1 == k && (m == "" || $2 == m) { print $NF; exit }' "$1"; }

: >"$work/bulk"
for t in $types; do
    rate=$(lookup "$work/bench" "$t" "inspect-$cores")
    count=$(awk -v r="${rate:-100}" -v s="$bulk_seconds" 'BEGIN { n = int(r * s); if (n < 200) n = 200; print n }')
    echo "measuring: targetdesk-cli inspect --bulk, $t, $count lines ..." >&2
    "$bench" --write-bulk "$work" --type "$t" --count "$count"
    start=$(date +%s.%N)
    "$cli" inspect --bulk --key "$work/$t.pem" --jwks "$work/jwks.json" "$work/$t.jsonl" >"$work/out" 2>/dev/null
    end=$(date +%s.%N)
    ok=$(grep -c '"ok":true' "$work/out" || true)
    [ "$ok" -eq "$count" ] || { echo "inspect --bulk: only $ok of $count lines ok for $t" >&2; exit 1; }
    awk -v t="$t" -v n="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%s\t%.1f\n", t, n / (b - a) }' >>"$work/bulk"
done

echo
echo "JWE decryptions per second ($(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
echo "openssl = $(openssl version | cut -d' ' -f1-2) speed: RSA private-key op (sign/s) or ECDH derive (op/s)"
printf '%-9s %14s %14s %14s %14s %14s %14s\n' "key" "openssl 1c" "openssl ${cores}c" "decrypt 1c" \
    "inspect 1c" "inspect ${cores}t" "cli --bulk"
for t in $types; do
    printf '%-9s %14s %14s %14s %14s %14s %14s\n' "$t" "$(lookup "$work/openssl-1" "$t" "")" \
        "$(lookup "$work/openssl-n" "$t" "")" "$(lookup "$work/bench" "$t" decrypt-1)" \
        "$(lookup "$work/bench" "$t" inspect-1)" "$(lookup "$work/bench" "$t" "inspect-$cores")" \
        "$(lookup "$work/bulk" "$t" "")"
done
echo
echo "decrypt: Jwe::parse + decrypt (RSA-OAEP-256 or ECDH-ES+A256KW, A256GCM). inspect: inspectDelivery with the"
echo "key and a JWKS (decrypt + RS256 verify + payload). cli --bulk: whole process, one generated file, output to a file."
