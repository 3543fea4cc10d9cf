#!/usr/bin/env bash
# Installs everything Einblick needs to build, run and test on Debian 12:
# compilers and libraries (apt), Emscripten (apt, unless an emcc is already on PATH),
# the Dear ImGui 1.86 core sources (Debian source package, into third_party/),
# fonts, Chromium, and the npm packages of the browser and API tests (from package-lock.json).
#
# Idempotent: every step checks first and does nothing when already satisfied.
# Works as root, through sudo, and as a normal user with sudo available.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly root_dir
readonly imgui_version=1.86
readonly imgui_tarball="imgui_${imgui_version}+ds.orig.tar.xz"
readonly imgui_sha256=0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64
readonly imgui_dir="$root_dir/third_party/imgui-$imgui_version"

log() { printf 'emsdk-setup: %s\n' "$*"; }
die() { printf 'emsdk-setup: error: %s\n' "$*" >&2; exit 1; }

apt_packages=(
  build-essential cmake ninja-build pkg-config git xz-utils
  libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev doctest-dev
  libsodium-dev libssl-dev libcli11-dev prometheus-cpp-dev clang-format
  # PostgreSQL 15 for the second storage backend (issue 13). The tests start their own
  # throwaway cluster (tests/support/pg_cluster.py); the default cluster the package may
  # create and start on port 5432 is never used.
  postgresql-15 libpq-dev
  fonts-dejavu-core fonttools gzip brotli python3 python3-cryptography
  chromium nodejs npm
  nginx openssl file systemd
)

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The user who should own files this script creates inside the checkout.
owner_of_checkout() { stat -c '%U:%G' "$root_dir"; }

missing_apt_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$pkg"
  done
}

install_apt_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<LIST
emsdk-setup: error: this system has no apt-get. Install these by hand, then run the build:
  - a C++20 compiler (g++ >= 12), CMake >= 3.25, Ninja, pkg-config
  - cpp-httplib 0.11, SQLiteCpp 3.2 with SQLite 3.40, nlohmann_json 3.11, doctest 2.4, libsodium, OpenSSL 3, CLI11 2
  - Emscripten 3.1 (emcc on PATH), Node.js >= 18 with npm
  - Dear ImGui $imgui_version sources in $imgui_dir
  - PostgreSQL 15 (the server with initdb and pg_ctl in /usr/lib/postgresql/15/bin; libpq with its headers)
  - DejaVu Sans (DejaVuSans.ttf), fonttools (pyftsubset), Chromium
  - for the deployment tests: nginx, openssl, dpkg-deb and dpkg-shlibdeps, file, systemd-analyze
LIST
    exit 1
  fi
  local wanted=("${apt_packages[@]}")
  if ! command -v emcc >/dev/null 2>&1; then wanted+=(emscripten); fi
  # Node.js may come from elsewhere (for example NodeSource); then Debian's must not replace it.
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    wanted=("${wanted[@]/nodejs/}"); wanted=("${wanted[@]/npm/}")
  fi
  local missing
  mapfile -t missing < <(missing_apt_packages "${wanted[@]}" | sed '/^$/d')
  if [ "${#missing[@]}" -eq 0 ]; then log "apt packages: all present"; return; fi
  log "apt packages: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Debian's emscripten needs Node's acorn module, which Debian installs under /usr/share/nodejs.
ensure_acorn() {
  [ -f /usr/share/emscripten/emcc.py ] || return 0   # emcc from an emsdk brings its own
  if ! NODE_PATH=/usr/share/nodejs node -e 'require("acorn")' >/dev/null 2>&1; then
    mapfile -t missing < <(missing_apt_packages node-acorn)
    [ "${#missing[@]}" -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq node-acorn
  fi
}

fetch_imgui_sources() {
  if [ -f "$imgui_dir/imgui.cpp" ] && [ -f "$imgui_dir/.einblick-sha256" ] \
     && [ "$(cat "$imgui_dir/.einblick-sha256")" = "$imgui_sha256" ]; then
    log "imgui $imgui_version sources: present"; return
  fi
  log "imgui $imgui_version sources: fetching Debian's source package"
  local work parts lists
  work=$(mktemp -d); chmod 777 "$work"  # apt drops to user _apt for downloads; the tarball is checked by SHA-256
  parts="$work/parts"; lists="$work/lists"
  mkdir -p "$parts" "$lists/partial"
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] && grep -q debian "$f" && sed 's/^Types: deb$/Types: deb-src/' "$f" > "$parts/${f##*/}"
  done
  if [ -f /etc/apt/sources.list ] && grep -q '^deb .*debian' /etc/apt/sources.list; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$parts/einblick-src.list"
  fi
  local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$parts" -o "Dir::State::Lists=$lists")
  (cd "$work" && apt-get "${opts[@]}" -qq update && apt-get "${opts[@]}" -qq source --download-only "imgui=$imgui_version+ds-1" ) \
    || (cd "$work" && apt-get "${opts[@]}" -qq source --download-only imgui) \
    || die "could not download Debian's imgui source package"
  [ -f "$work/$imgui_tarball" ] || die "expected $imgui_tarball from the imgui source package"
  echo "$imgui_sha256  $work/$imgui_tarball" | sha256sum -c --quiet - \
    || die "$imgui_tarball does not have the pinned SHA-256"
  rm -rf "$imgui_dir"; mkdir -p "$imgui_dir"
  tar -xJf "$work/$imgui_tarball" -C "$imgui_dir" --strip-components=1
  echo "$imgui_sha256" > "$imgui_dir/.einblick-sha256"
  rm -rf "$work"
}

# The test folders with their own npm packages, each installed from its package-lock.json.
readonly npm_dirs=(tests/browser tests/api)

install_npm_packages() {
  local rel dir stamp want
  for rel in "${npm_dirs[@]}"; do
    dir="$root_dir/$rel"
    [ -f "$dir/package-lock.json" ] || continue
    stamp="$dir/node_modules/.einblick-lock-sha256"
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then log "npm packages ($rel): present"; continue; fi
    log "npm packages ($rel): installing from package-lock.json"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  done
}

# Files fetched into the checkout belong to its owner, also when this ran through sudo.
fix_ownership() {
  [ "$(id -u)" -eq 0 ] || return 0
  local owner; owner=$(owner_of_checkout)
  [ "$owner" = "root:root" ] && return 0
  local path rel paths=("$root_dir/third_party")
  for rel in "${npm_dirs[@]}"; do paths+=("$root_dir/$rel/node_modules"); done
  for path in "${paths[@]}"; do
    if [ -e "$path" ]; then chown -R "$owner" "$path"; fi
  done
}

install_apt_packages
ensure_acorn
fetch_imgui_sources
install_npm_packages
fix_ownership
log "ready: $(emcc --version 2>/dev/null | head -n1 | cut -c1-60); $(chromium --version 2>/dev/null)"
