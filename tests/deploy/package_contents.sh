#!/usr/bin/env bash
# deploy.package_contents: packages the build tree this test runs in with CPack (the same
# rules `cmake --workflow --preset package` uses on a Release tree) and reads the .deb back:
# control fields, maintainer scripts, every path and its owner, the files against the
# committed ones, the binary, the systemd unit (systemd-analyze verify and its exposure), and
# the key the postinst creates.
#
# usage: package_contents.sh CPACK BUILD_DIR SOURCE_DIR VERSION EXPECT_WEB(ON|OFF)
set -euo pipefail

cpack=$1 build_dir=$2 source_dir=$3 version=$4 expect_web=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/einblick-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
ok() { printf 'ok: %s\n' "$1"; }
fail() { printf 'FAIL: %s\n' "$1" >&2; failures=$((failures + 1)); }
check() {
    local what=$1; shift
    if "$@"; then ok "$what"; else fail "$what"; fi
}

# --- build the package ------------------------------------------------------------------------
if ! "$cpack" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "FAIL: cpack" >&2
    exit 1
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
if [ "${#debs[@]}" -ne 1 ]; then
    echo "FAIL: expected exactly one .deb in $work/out, found ${#debs[@]}" >&2
    exit 1
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
check "file name einblick_${version}_${arch}.deb" [ "${deb##*/}" = "einblick_${version}_${arch}.deb" ]

# --- control -------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: einblick" [ "$(field Package)" = einblick ]
check "Version: $version" [ "$(field Version)" = "$version" ]
check "Architecture: $arch" [ "$(field Architecture)" = "$arch" ]
check "Maintainer set" [ -n "$(field Maintainer)" ]
check "Section: web" [ "$(field Section)" = web ]
depends=$(field Depends)
for library in libsqlite3-0 libsodium23 libcpp-httplib0.11 libstdc++6 libc6; do
    check "Depends names $library (from dpkg-shlibdeps)" grep -q "\\b$library\\b" <<<"$depends"
done
info=$(dpkg-deb -I "$deb")
for script in postinst prerm postrm; do
    check "control member $script, executable" grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\\* +$script +#!/bin/sh" <<<"$info"
done

# --- contents -------------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$work/contents"
paths=$(awk '{print $6}' "$work/contents" | sed 's#/$##')
required=(
    ./usr/bin/einblick
    ./usr/lib/systemd/system/einblick.service
    ./usr/share/doc/einblick/examples/nginx/einblick.conf
    ./usr/share/doc/einblick/README.md
    ./usr/share/doc/einblick/ARCHITECTURE.md
    ./usr/share/doc/einblick/openapi.yaml
)
if [ "$expect_web" = ON ]; then
    required+=(./usr/share/einblick/web/index.html ./usr/share/einblick/web/einblick.js
        ./usr/share/einblick/web/einblick.wasm ./usr/share/einblick/web/einblick.wasm.br)
fi
for path in "${required[@]}"; do
    check "contains $path" grep -qxF "$path" <<<"$paths"
done
check "everything under /usr (nothing in /usr/local, /etc, /var)" \
    bash -c '! grep -v -E "^\./(usr(/.*)?)?$" <<<"$1" | grep -q . && ! grep -q "^\./usr/local" <<<"$1"' _ "$paths"
check "every entry owned by root/root" bash -c '! awk "\$2 != \"root/root\"" "$1" | grep -q .' _ "$work/contents"
check "/usr/bin/einblick is rwxr-xr-x" grep -Eq '^-rwxr-xr-x root/root .* \./usr/bin/einblick$' "$work/contents"
check "no file mentions the build directory" bash -c '! grep -q "$1" <<<"$2"' _ "$build_dir" "$paths"

# --- the files themselves ---------------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
check "the unit is deploy/systemd/einblick.service" \
    cmp -s "$root/usr/lib/systemd/system/einblick.service" "$source_dir/deploy/systemd/einblick.service"
check "the nginx example is deploy/nginx/einblick.conf" \
    cmp -s "$root/usr/share/doc/einblick/examples/nginx/einblick.conf" "$source_dir/deploy/nginx/einblick.conf"
check "the binary runs: einblick --version" \
    bash -c '[ "$("$1" --version)" = "einblick $2" ]' _ "$root/usr/bin/einblick" "$version"
check "the binary is stripped" bash -c 'file -b "$1" | grep -q ", stripped"' _ "$root/usr/bin/einblick"

# --- the unit against the package and the nginx site -----------------------------------------
unit="$root/usr/lib/systemd/system/einblick.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
check "ExecStart runs /usr/bin/einblick serve" grep -q '^/usr/bin/einblick serve ' <<<"$exec_start"
check "ExecStart serves the packaged web files" grep -q -- '--web-root /usr/share/einblick/web\b' <<<"$exec_start"
check "ExecStart listens on loopback only" grep -q -- '--bind 127.0.0.1\b' <<<"$exec_start"
check "ExecStart marks cookies Secure (nginx sends HSTS)" grep -q -- '--secure-cookies' <<<"$exec_start"
check "ExecStart trusts X-Forwarded-For from nginx on loopback only" \
    grep -qE -- '--trusted-proxy 127\.0\.0\.1( |$)' <<<"$exec_start"
check "ExecStart keeps the database in the StateDirectory" \
    bash -c 'grep -q -- "--db /var/lib/einblick/" <<<"$1" && grep -qx "StateDirectory=einblick" "$2"' _ "$exec_start" "$unit"
check "ExecStart reads the key from the credential" \
    bash -c 'grep -q -- "--pseudonym-key-file %d/pseudonym-key" <<<"$1" &&
             grep -qx "LoadCredential=pseudonym-key:/etc/einblick/pseudonym-key" "$2"' _ "$exec_start" "$unit"
check "ExecStart signs checkpoints with the key from the credential" \
    bash -c 'grep -q -- "--checkpoint-key-file %d/checkpoint-key" <<<"$1" &&
             grep -qx "LoadCredential=checkpoint-key:/etc/einblick/checkpoint-key" "$2" &&
             grep -qx "AssertPathExists=/etc/einblick/checkpoint-key" "$2"' _ "$exec_start" "$unit"
unit_port=$(sed -n 's/.*--port \([0-9]*\).*/\1/p' <<<"$exec_start")
nginx_upstream=$(sed -n 's/^ *server \(127\.0\.0\.1:[0-9]*\);.*/\1/p' "$source_dir/deploy/nginx/einblick.conf")
check "nginx's upstream is the unit's address (127.0.0.1:$unit_port)" [ "$nginx_upstream" = "127.0.0.1:$unit_port" ]
# The binary the unit names must exist for verify: point it at the packaged one.
mkdir -p "$work/units"
sed "s#^ExecStart=/usr/bin/einblick #ExecStart=$root/usr/bin/einblick #" "$unit" >"$work/units/einblick.service"
if verify=$(systemd-analyze verify "$work/units/einblick.service" 2>&1) && [ -z "$verify" ]; then
    ok "systemd-analyze verify: no findings"
else
    fail "systemd-analyze verify: $verify"
fi
# Exposure 0.0 (locked down) .. 10.0 (unprotected); 2.0 is well inside "OK".
if security=$(systemd-analyze security --offline=true --threshold=20 "$work/units/einblick.service" 2>&1); then
    ok "systemd-analyze security: $(grep -o 'exposure level.*' <<<"$security")"
else
    fail "systemd-analyze security above 2.0: $(grep -o 'exposure level.*' <<<"$security")"
fi

# --- postinst: the pseudonym key and the checkpoint signing key --------------------------------
control="$work/control"
dpkg-deb -e "$deb" "$control"
target="$work/target"
mkdir -p "$target"
DPKG_ROOT="$target" sh "$control/postinst" configure >"$work/postinst.log"
key="$target/etc/einblick/pseudonym-key"
check "postinst creates a 64-hex-digit key" grep -Eqx '[0-9a-f]{64}' "$key"
check "the key is mode 0600, its folder 0700" \
    bash -c '[ "$(stat -c %a "$1")" = 600 ] && [ "$(stat -c %a "${1%/*}")" = 700 ]' _ "$key"
check "postinst says to back the key up" grep -q "back it up" "$work/postinst.log"
first=$(cat "$key")
signing="$target/etc/einblick/checkpoint-key"
check "postinst creates a 64-hex-digit checkpoint key" grep -Eqx '[0-9a-f]{64}' "$signing"
check "the checkpoint key is mode 0600" [ "$(stat -c %a "$signing")" = 600 ]
check "the checkpoint key is not the pseudonym key" [ "$(cat "$signing")" != "$first" ]
check "postinst says to back the checkpoint key up" grep -q "checkpoint signing key .*back it up" "$work/postinst.log"
first_signing=$(cat "$signing")
DPKG_ROOT="$target" sh "$control/postinst" configure >/dev/null
check "a second postinst (upgrade) keeps the key" [ "$(cat "$key")" = "$first" ]
DPKG_ROOT="$target" sh "$control/postrm" purge
check "purge keeps the key" [ "$(cat "$key")" = "$first" ]
check "upgrade and purge keep the checkpoint key" [ "$(cat "$signing")" = "$first_signing" ]

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all checks passed"
