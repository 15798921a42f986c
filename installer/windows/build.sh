#!/usr/bin/env bash
# Builds the Windows version on Debian 12 and writes
# build-windows/FidelityWorkstation-<version>-x64.msi.
#
#   installer/windows/build.sh
#
# 1. installs the cross toolchain and tools (deps.sh);
# 2. cross-builds the libraries from Debian's source packages into a prefix
#    kept outside the repository (libs.sh), unless that prefix is already
#    complete: its name is a key of every source version and of the recipe,
#    so it is reused until one of them changes;
# 3. cross-builds fidelity.exe, fidelity-workstation.exe and the core tests
#    into build-windows/;
# 4. stages the installed layout and makes the MSI with wixl (make-msi.sh).
#
# Environment: FIDELITY_WIN64_PREFIX names the library prefix (no key; built
# if incomplete); FIDELITY_WIN64_CACHE the folder that holds keyed prefixes
# (default /var/cache/fidelity-workstation as root, else ~/.cache/...).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/installer/windows"
started=$(date +%s)

"$here/deps.sh"

sources=(wxwidgets3.2 libpodofo libxlsxwriter sqlite3 sqlitecpp freetype libpng1.6 openssl harfbuzz fribidi libunistring)

if [ "$(id -u)" -eq 0 ]; then default_cache=/var/cache/fidelity-workstation
else default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/fidelity-workstation"; fi
cache="${FIDELITY_WIN64_CACHE:-$default_cache}"

# The key: the source versions the archive offers, the recipe, the compiler
# and the header-only packages' versions.
key=$(
  {
    for s in "${sources[@]}"; do apt-cache showsrc "$s" | awk -v s="$s" '/^Version:/ {print s, $2}' | sort -u; done
    cat "$here/libs.sh" "$here/mingw-w64-x86_64.cmake"
    dpkg-query -W g++-mingw-w64-x86-64-posix libz-mingw-w64-dev nlohmann-json3-dev libtomlplusplus-dev \
      libcli11-dev libkainjow-mustache-dev doctest-dev
  } | sha256sum | cut -c1-16
)
prefix="${FIDELITY_WIN64_PREFIX:-$cache/win64-$key}"

if [ -e "$prefix/.complete" ]; then
  echo "Libraries: $prefix (cached)"
else
  echo "Libraries: building into $prefix (once per library version: up to an hour on 2 busy cores)"
  mkdir -p "$cache"
  work="$cache/work-$(basename "$prefix")"
  mkdir -p "$work/download"
  "$here/libs.sh" "$prefix" "$work"
  touch "$prefix/.complete"
  rm -rf "$work/src" "$work/build"  # the downloads stay for the next key
  if [ -z "${FIDELITY_WIN64_PREFIX:-}" ]; then
    # Prefixes of older keys are not used again.
    find "$cache" -maxdepth 1 -name 'win64-*' ! -name "win64-$key" -exec rm -rf {} +
    find "$cache" -maxdepth 1 -name 'work-win64-*' ! -name "work-win64-$key" -exec rm -rf {} +
  fi
fi
libs_done=$(date +%s)

build="$top/build-windows"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$here/mingw-w64-x86_64.cmake" \
  -DFIDELITY_WIN64_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release -DFIDELITY_BUILD_BENCH=OFF >/dev/null
cmake --build "$build"

"$here/make-msi.sh" "$build"
done_at=$(date +%s)
echo "Windows build: libraries $((libs_done - started)) s, programs and MSI $((done_at - libs_done)) s"
