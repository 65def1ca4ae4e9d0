#!/usr/bin/env bash
# check-translations.sh LUPDATE SCRATCH_DIR SOURCE_DIR
# Runs lupdate over lib/ and app/ against copies of translations/*.ts (the same scan as the targetdesk_lupdate
# target) and fails when a copy then has an unfinished entry (a source string missing from the .ts, or one not yet
# translated) or an entry whose source string is gone. The .ts files in the tree are never changed.
set -euo pipefail
lupdate=$1 scratch=$2 src=$3
rm -rf "$scratch"
mkdir -p "$scratch"
args=("$src/lib" "$src/app" -I "$src/lib" -I "$src/app/gui" -I "$src/app/cli" -extensions cpp,h -source-language en
    -silent)
status=0
for ts in "$src"/translations/targetdesk_*.ts; do
    name=$(basename "$ts")
    language=$(sed -n 's/.*<TS [^>]* language="\([^"]*\)".*/\1/p' "$ts" | head -n1)
    cp "$ts" "$scratch/$name"
    extra=()
    # English holds only the plural forms; the source strings are English already.
    [ "${language%%_*}" = en ] && extra=(-pluralonly)
    "$lupdate" "${args[@]}" "${extra[@]}" -target-language "$language" -ts "$scratch/$name"
    unfinished=$(grep -c 'type="unfinished"' "$scratch/$name" || true)
    stale=$(grep -cE 'type="(vanished|obsolete)"' "$scratch/$name" || true)
    messages=$(grep -c '<message' "$scratch/$name" || true)
    if [ "$unfinished" -gt 0 ]; then
        echo "translations/$name: $unfinished entries missing or unfinished, for example:"
        grep -B3 'type="unfinished"' "$scratch/$name" | grep -E '<source>|location' | head -n 10
        status=1
    fi
    if [ "$stale" -gt 0 ]; then
        echo "translations/$name: $stale entries whose source string is gone"
        status=1
    fi
    echo "translations/$name ($language): $messages entries, $unfinished unfinished, $stale stale"
done
[ "$status" -eq 0 ] || echo "update with: cmake --build <build dir> --target targetdesk_lupdate, then translate"
exit "$status"
