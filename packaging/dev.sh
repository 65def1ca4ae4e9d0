#!/usr/bin/env bash
# Targetdesk developer entry point. On Debian 12 it installs whatever is missing, configures, builds, then:
#   packaging/dev.sh run  [targetdesk options]   launch the GUI (an in-process sandbox unless --instance is given)
#   packaging/dev.sh test [ctest options]        run every test (and nothing else), after a short libFuzzer run
#   packaging/dev.sh build                       only install and build
#   packaging/dev.sh package                     build the .deb in build/release (Release, CPack); prints its path
#   packaging/dev.sh screenshots                 render the README's screenshots under Xvfb (resources/screenshots)
# Environment: TARGETDESK_PRESET (dev | release | asan; default dev); TARGETDESK_FUZZ_SECONDS (seconds per fuzzer
# in `test`, default 20; 0 skips the fuzz run).
# `test` also builds the libFuzzer targets with clang in build/fuzz (ASan + UBSan) and runs each for a bounded time
# before ctest (see tests/fuzz/README.md for longer runs), and builds the .deb, which the `package` test checks.
# Running it again installs nothing and rebuilds only what changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${TARGETDESK_PRESET:-dev}
command=${1:-run}
[ $# -gt 0 ] && shift

# Debian packages the build, the app and the tests need.
packages=(
    g++ cmake ninja-build pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins qt6-translations-l10n
    qtkeychain-qt6-dev libssl-dev openssl zlib1g-dev libgl-dev
    fonts-dejavu-core xvfb xauth dbus dbus-x11 gnome-keyring
    clang libclang-rt-14-dev python3-jwcrypto
    librsvg2-bin desktop-file-utils appstream lintian man-db groff-base xdotool x11-utils imagemagick
)

log() { printf '%s\n' "dev.sh: $*" >&2; }

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        log "these packages are missing and there is no apt-get to install them: ${missing[*]}"
        exit 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { log "not root and no sudo: install ${missing[*]} by hand"; exit 1; }
        sudo=(sudo)
    fi
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    cd "$root"
    # Configure once; afterwards the build itself re-runs CMake when a CMakeLists.txt changes.
    if [ ! -f "build/$preset/CMakeCache.txt" ]; then
        cmake --preset "$preset"
    fi
    cmake --build --preset "$preset"
}

# The libFuzzer targets (tests/fuzz) in a clang build of their own, each run for a bounded time.
fuzz_smoke() {
    local seconds=${TARGETDESK_FUZZ_SECONDS:-20}
    [ "$seconds" -gt 0 ] || return 0
    cd "$root"
    if [ ! -f build/fuzz/CMakeCache.txt ]; then
        CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 \
            -DTARGETDESK_BUILD_GUI=OFF -DTARGETDESK_BUILD_TESTS=OFF -DTARGETDESK_BUILD_FUZZERS=ON >/dev/null || return 1
    fi
    cmake -S . -B build/fuzz -DTARGETDESK_FUZZ_SECONDS="$seconds" >/dev/null || return 1
    cmake --build build/fuzz --target fuzz_inspect fuzz_jose || return 1
    log "fuzzing for ${seconds} s per fuzzer"
    ctest --test-dir build/fuzz -L fuzz --output-on-failure
}

# The .deb from one Release build (build/release, without the tests unless that build already has them).
package() {
    cd "$root"
    if [ ! -f build/release/CMakeCache.txt ]; then
        # Debian's hardening flags, as dpkg-buildflags sets them for packages (lintian checks them).
        cmake --preset release -DTARGETDESK_BUILD_TESTS=OFF \
            -DCMAKE_CXX_FLAGS="-D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wformat -Werror=format-security" \
            -DCMAKE_EXE_LINKER_FLAGS="-Wl,-z,relro,-z,now" >/dev/null || return 1
    fi
    cmake --build build/release || return 1
    rm -f build/release/targetdesk_*.deb
    (cd build/release && cpack -G DEB >/dev/null) || return 1
    deb=$(ls "$root"/build/release/targetdesk_*.deb)
    log "built $deb"
}

case "$command" in
run)
    install_missing
    build
    exec "$root/build/$preset/app/gui/targetdesk" "$@"
    ;;
test)
    install_missing
    build
    # A fuzz failure fails the run, but ctest still runs and its summary stays the last line.
    fuzz_status=0
    fuzz_smoke || fuzz_status=$?
    # The package test (packaging/check-package.sh) checks this .deb; without one it fails instead of skipping.
    package_status=0
    deb=
    package || package_status=$?
    export TARGETDESK_DEB=${deb:-$root/build/release/missing.deb}
    cd "$root"
    export QT_QPA_PLATFORM=offscreen
    # Tests that use the keychain talk to a real Secret Service on a private session bus.
    test_status=0
    dbus-run-session -- bash -c '
        echo -n "targetdesk-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
        exec ctest --preset "$0" "$@"' "$preset" "$@" || test_status=$?
    [ "$test_status" -ne 0 ] && exit "$test_status"
    [ "$package_status" -ne 0 ] && exit "$package_status"
    exit "$fuzz_status"
    ;;
package)
    install_missing
    package
    echo "$deb"
    ;;
screenshots)
    install_missing
    build
    exec "$root/packaging/screenshots.sh" "$root/build/$preset/app/gui/targetdesk" "$root/resources/screenshots"
    ;;
build)
    install_missing
    build
    ;;
*)
    log "unknown command '$command'; use: run | test | build | package | screenshots"
    exit 2
    ;;
esac
