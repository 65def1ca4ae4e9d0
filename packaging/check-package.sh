#!/usr/bin/env bash
# check-package.sh [DEB]: checks the Debian package `packaging/dev.sh package` built (DEB, or $TARGETDESK_DEB):
#   - its control fields (dependencies from shlibdeps, section, maintainer, description) and contents;
#   - lintian (errors and warnings fail; findings that stay are overridden in packaging/debian/lintian-overrides
#     with their reason);
#   - apt would install it with its dependencies (`apt-get install --simulate`, which changes nothing);
#   - installed into a scratch root with `dpkg -x` (never into the system): the installed programs run:
#     --version of both, `targetdesk-cli sandbox` (listens, answers `targets list`, stops on SIGTERM), the GUI
#     shows its window under Xvfb, a German message under LANG=de_DE.UTF-8, the man pages render, the desktop
#     entry, metainfo and icon validate together (appstreamcli validate-tree).
# Exits 77 (skipped) when no package was named. Run by the `package` CTest test.
set -uo pipefail

deb=${1:-${TARGETDESK_DEB:-}}
if [ -z "$deb" ]; then
    echo "no package to check: run packaging/dev.sh package (or dev.sh test, which sets TARGETDESK_DEB)"
    exit 77
fi
[ -f "$deb" ] || { echo "FAIL: $deb does not exist"; exit 1; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

scratch=$(mktemp -d)
cleanup() {
    [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT

# --- control fields
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = targetdesk ] && pass "Package: targetdesk" || fail "Package is '$(field Package)'"
[ "$(field Section)" = admin ] && pass "Section: admin" || fail "Section is '$(field Section)'"
[ -n "$(field Maintainer)" ] && pass "Maintainer: $(field Maintainer)" || fail "no Maintainer"
depends=$(field Depends)
for lib in libqt6core6 libqt6widgets6 libqt6network6 libqt6httpserver6 libqt6keychain1 libssl3 libc6; do
    [[ $depends == *"$lib"* ]] && pass "Depends names $lib" || fail "Depends lacks $lib (shlibdeps): $depends"
done
[ "$(field Description | wc -l)" -ge 3 ] && pass "Description has a summary and a long text" ||
    fail "Description too short"

# --- contents
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's:^\./:/:')
for path in /usr/bin/targetdesk /usr/bin/targetdesk-cli \
    /usr/share/applications/io.github.targetdesk.targetdesk.desktop \
    /usr/share/metainfo/io.github.targetdesk.targetdesk.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/targetdesk.svg /usr/share/icons/hicolor/16x16/apps/targetdesk.png \
    /usr/share/icons/hicolor/48x48/apps/targetdesk.png /usr/share/icons/hicolor/256x256/apps/targetdesk.png \
    /usr/share/man/man1/targetdesk.1.gz /usr/share/man/man1/targetdesk-cli.1.gz \
    /usr/share/bash-completion/completions/targetdesk-cli /usr/share/doc/targetdesk/copyright \
    /usr/share/doc/targetdesk/changelog.Debian.gz; do
    grep -qx -- "$path" <<<"$contents" && pass "contains $path" || fail "$path is missing from the package"
done
unexpected=$(grep -v -E '^/usr/(bin|share/(applications|metainfo|icons|man|bash-completion|doc|lintian))(/|$)' \
    <<<"$contents" | grep -v -x -e / -e /usr/ -e /usr/share/)
[ -z "$unexpected" ] && pass "nothing installed outside the expected folders" || fail "unexpected files: $unexpected"

# --- lintian
if command -v lintian >/dev/null; then
    lintian_out=$(lintian --fail-on error,warning --suppress-tags-from-file /dev/null "$deb" 2>&1)
    lintian_status=$?
    [ -n "$lintian_out" ] && printf '%s\n' "$lintian_out"
    [ "$lintian_status" -eq 0 ] && pass "lintian: no errors or warnings" || fail "lintian reports errors or warnings"
else
    fail "lintian is not installed (packaging/dev.sh installs it)"
fi

# --- apt would install it, dependencies included (a simulation: nothing changes)
if apt_out=$(apt-get install --simulate --no-install-recommends "$(realpath "$deb")" 2>&1); then
    pass "apt-get install --simulate resolves the dependencies"
else
    printf '%s\n' "$apt_out" | tail -n 5
    fail "apt-get cannot install the package"
fi

# --- the installed programs, from a scratch root
root=$scratch/root
dpkg -x "$deb" "$root" || fail "dpkg -x failed"
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config XDG_DATA_HOME=$scratch/home/.local/share
export XDG_RUNTIME_DIR=$scratch/runtime LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cli=$root/usr/bin/targetdesk-cli gui=$root/usr/bin/targetdesk
version=$(dpkg-deb -f "$deb" Version)
version=${version%-*}

out=$("$cli" --version 2>&1)
[ "$out" = "targetdesk-cli $version" ] && pass "targetdesk-cli --version: $out" || fail "targetdesk-cli --version: $out"
out=$(QT_QPA_PLATFORM=offscreen "$gui" --version 2>&1)
[[ $out == *"$version"* ]] && pass "targetdesk --version: $out" || fail "targetdesk --version: $out"

# The sandbox: listens, answers an authenticated `targets list`, stops cleanly on SIGTERM.
"$cli" sandbox --port 0 --seed --token check-package-token >"$scratch/sandbox.out" 2>&1 &
sandbox_pid=$!
url=
for _ in $(seq 300); do
    url=$(sed -n 's/^listening on //p' "$scratch/sandbox.out")
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -n "$url" ]; then
    pass "targetdesk-cli sandbox: listening on $url"
    listed=$(TARGETDESK_TOKEN=check-package-token "$cli" --instance "$url" targets list 2>&1)
    [ "$(wc -l <<<"$listed")" -gt 3 ] && pass "targets list against it: $(($(wc -l <<<"$listed") - 1)) targets" ||
        fail "targets list against the sandbox: $listed"
else
    fail "targetdesk-cli sandbox did not report a port: $(cat "$scratch/sandbox.out")"
fi
kill -TERM "$sandbox_pid"
sandbox_status=0
wait "$sandbox_pid" || sandbox_status=$?
sandbox_pid=
[ "$sandbox_status" -eq 0 ] && pass "the sandbox stopped on SIGTERM with exit 0" ||
    fail "the sandbox exited $sandbox_status on SIGTERM"

# German, from the system locale.
out=$(LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 QT_QPA_PLATFORM=offscreen "$gui" --help 2>&1)
[[ $out == *"ZITADEL-Actions-v2-Ziele verwalten"* ]] && pass "targetdesk --help in German under LANG=de_DE.UTF-8" ||
    fail "targetdesk --help is not German under LANG=de_DE.UTF-8: $out"

out=$(LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$cli" targets frobnicate 2>&1)
[[ $out == *"unbekannter Unterbefehl"* ]] && pass "targetdesk-cli in German: ${out%%$'\n'*}" ||
    fail "targetdesk-cli is not German under LANG=de_DE.UTF-8: $out"

# The GUI under Xvfb: its main window appears (found by title with xdotool), then it is closed.
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
    gui_out=$(env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        dbus-run-session -- bash -c "
            \"$0\" >\"$1/gui.log\" 2>&1 &
            pid=\$!
            for _ in \$(seq 150); do
                window=\$(xdotool search --name \"^Targetdesk\" 2>/dev/null | head -n1)
                [ -n \"\$window\" ] && break
                sleep 0.1
            done
            if [ -n \"\$window\" ]; then
                echo \"window: \$(xdotool getwindowname \$window) \$(xdotool getwindowgeometry \$window | tr -s \"\\n \" \" \")\"
            fi
            kill \$pid; wait \$pid 2>/dev/null
            true"' "$gui" "$scratch" 2>&1)
    if [[ $gui_out == *"window: Targetdesk"* ]]; then
        pass "targetdesk under Xvfb: ${gui_out#*window: }"
    else
        fail "targetdesk showed no window under Xvfb: $gui_out $(cat "$scratch/gui.log" 2>/dev/null)"
    fi
else
    fail "xvfb-run or xdotool is missing (packaging/dev.sh installs them)"
fi

# The man pages render; the desktop entry, metainfo and icon belong together.
for page in targetdesk targetdesk-cli; do
    rendered=$(MANWIDTH=80 man -l "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
    [ -z "$rendered" ] && pass "man -l $page.1.gz renders without warnings" || fail "man $page: $rendered"
done
if tree_out=$(appstreamcli validate-tree --no-net "$root/usr" 2>&1); then
    pass "appstreamcli validate-tree on the installed files"
else
    printf '%s\n' "$tree_out"
    fail "appstreamcli validate-tree"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
