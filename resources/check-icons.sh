#!/usr/bin/env bash
# Fails when a committed PNG icon is not what render-icons.sh makes of its SVG (an SVG changed without new PNGs).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: check-icons.sh SCRATCH_DIR}
rm -rf "$out"
"$here/render-icons.sh" "$out"
status=0
while IFS= read -r png; do
    relative=${png#"$out"/}
    if ! cmp -s "$png" "$here/icons/$relative"; then
        echo "resources/icons/$relative differs from its SVG: run resources/render-icons.sh and commit the PNGs"
        status=1
    fi
done < <(find "$out" -name '*.png' | sort)
# Every icon the .qrc lists exists.
while IFS= read -r file; do
    [ -f "$here/$file" ] || { echo "resources/targetdesk.qrc lists $file, which does not exist"; status=1; }
done < <(sed -n 's:.*<file>\(.*\)</file>.*:\1:p' "$here/targetdesk.qrc")
[ "$status" -eq 0 ] && echo "all $(find "$out" -name '*.png' | wc -l) rendered icons match the committed PNGs"
exit "$status"
