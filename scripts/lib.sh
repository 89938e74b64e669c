# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/run and scripts/test: install what the build needs, configure, build.
# Sourced, not run.

QUINCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUINCE_BUILD_DIR="${QUINCE_BUILD_DIR:-$QUINCE_ROOT/build}"

# Debian 12 packages: the toolchain, Qt 6 (Core, Gui, Widgets, Network, Sql + SQLite driver,
# Test, LinguistTools), libplist, OpenSSL 3 (library and the openssl command the tests use),
# clang-format for the format check, fonts so offscreen rendering has glyphs.
QUINCE_PACKAGES=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6svg6
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libplist-dev libplist-utils
    libqrencode-dev zbar-tools
    libssl-dev openssl
    qtkeychain-qt6-dev libsecret-1-0 dbus-daemon gnome-keyring
    libhttp-parser-dev libyaml-cpp-dev libnghttp2-dev
    clang-format
    fonts-dejavu-core
)

quince_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

quince_install_packages() {
    local missing=() pkg
    for pkg in "${QUINCE_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    quince_log "Installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

quince_configure() {
    if [ ! -f "$QUINCE_BUILD_DIR/build.ninja" ]; then
        quince_log "Configuring in $QUINCE_BUILD_DIR"
        cmake -S "$QUINCE_ROOT" -B "$QUINCE_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    fi
}

quince_build() {
    quince_log "Building $*"
    cmake --build "$QUINCE_BUILD_DIR" --parallel "$(nproc)" "$@"
}
