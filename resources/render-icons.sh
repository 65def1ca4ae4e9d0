#!/usr/bin/env bash
# Renders the PNG icons from the SVGs in icons/ (run after changing an SVG, then commit the PNGs):
#   resources/render-icons.sh [OUTDIR]
# Without OUTDIR it writes into resources/icons/ itself; the icons-current test renders into a scratch folder and
# compares, so a changed SVG without new PNGs fails. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/icons}
app_sizes=(16 22 24 32 48 64 128 256)
action_sizes=(16 22 24 32 48)

for size in "${app_sizes[@]}"; do
    mkdir -p "$out/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$here/icons/targetdesk.svg" -o "$out/hicolor/${size}x${size}/apps/targetdesk.png"
done
for svg in "$here"/icons/actions/*.svg; do
    name=$(basename "$svg" .svg)
    for size in "${action_sizes[@]}"; do
        mkdir -p "$out/targetdesk-fallback/${size}x${size}/actions"
        rsvg-convert -w "$size" -h "$size" "$svg" -o "$out/targetdesk-fallback/${size}x${size}/actions/$name.png"
    done
done
