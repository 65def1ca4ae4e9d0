#!/usr/bin/env bash
# screenshots.sh TARGETDESK OUTDIR: the README's and the metainfo's screenshots, taken from the real app under Xvfb
# against its built-in sandbox (seeded sample data): the targets screen with the editor, the keys panel and the
# Payload Inspector. Each is a window grab, reduced to a 256-colour PNG so it stays small in the repository.
# Run by `packaging/dev.sh screenshots`; needs xvfb-run, xdotool and ImageMagick (import, convert).
set -euo pipefail
app=$(realpath "$1")
out=$(realpath -m "$2")
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A private home: no settings, profiles or keychain of the user's are read or changed; English whatever the locale.
export HOME=$scratch XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data XDG_RUNTIME_DIR=$scratch/run
export LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM

env -u WAYLAND_DISPLAY xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -s "$app" "$out" <<'SCRIPT'
set -euo pipefail
app=$1 out=$2
"$app" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
window_named() {
    local id
    for _ in $(seq 150); do
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n1 || true)
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.1
    done
    echo "no window named '$1' appeared" >&2
    return 1
}
shoot() { # shoot WINDOW NAME
    sleep 1.5 # let the list load and the window repaint
    import -window "$1" "$out/$2.full.png"
    convert "$out/$2.full.png" -strip -colors 256 -define png:compression-level=9 "PNG8:$out/$2.png"
    rm -f "$out/$2.full.png"
    echo "$out/$2.png: $(stat -c %s "$out/$2.png") bytes"
}
main=$(window_named '^Targetdesk')
xdotool windowsize "$main" 1100 680 windowmove "$main" 0 0
sleep 1
xdotool windowactivate --sync "$main" 2>/dev/null || xdotool windowfocus --sync "$main"
# The targets screen with a webhook in the editor (the 7th row of the seeded, name-sorted list), then a JWE target
# (the 2nd row) with its public keys.
row() { xdotool mousemove --window "$main" 60 $((103 + 22 * $1)) click 1; }
row 7
shoot "$main" targets
row 2
xdotool key --window "$main" ctrl+k
shoot "$main" keys
xdotool key --window "$main" ctrl+i
inspector=$(window_named '^Payload Inspector')
xdotool windowsize "$inspector" 1000 640 windowmove "$inspector" 40 40
shoot "$inspector" inspector
SCRIPT
