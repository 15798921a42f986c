#!/usr/bin/env bash
# Stages the installed layout of the Windows build and makes the MSI:
#
#   installer/windows/make-msi.sh BUILD_DIR   -> BUILD_DIR/FidelityWorkstation-<version>-x64.msi
#
#   Fidelity Workstation\bin\fidelity-workstation.exe, fidelity.exe
#   Fidelity Workstation\share\fidelity-workstation\scales, templates,
#       examples, doc (user guide and its pictures), fonts (fonts.txt)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || { echo "make-msi.sh: no project version in $build/CMakeCache.txt" >&2; exit 1; }

stage="$build/stage"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/share/fidelity-workstation/fonts"
for exe in fidelity.exe fidelity-workstation.exe; do
  x86_64-w64-mingw32-strip -o "$stage/bin/$exe" "$build/bin/$exe"
done
for d in scales templates examples doc; do
  cp -r "$build/share/fidelity-workstation/$d" "$stage/share/fidelity-workstation/"
done
grep -v '^#' "$here/fonts.txt" | while read -r src name; do
  [ -n "$src" ] || continue
  [ -e "$src" ] || { echo "make-msi.sh: $src is missing (installer/windows/deps.sh installs it)" >&2; exit 1; }
  cp "$src" "$stage/share/fidelity-workstation/fonts/${name:-$(basename "$src")}"
done

# One component per file under share\ (wixl-heat), so an upgrade replaces
# exactly what changed.
(cd "$stage" && find share -type f | LC_ALL=C sort |
  wixl-heat -p share/ --directory-ref SHAREDIR --component-group CG.share --var var.ShareDir --win64) \
  >"$build/share.wxs"

msi="$build/FidelityWorkstation-$version-x64.msi"
# wixl finds sources relative to the current folder only.
(cd "$build" && wixl -a x64 -D Win64=yes -D Version="$version" -D BinDir=stage/bin -D ShareDir=stage/share \
  -D Icon=windows/fidelity-workstation.ico -o "$msi" "$here/fidelity-workstation.wxs" share.wxs)
echo "$msi ($(du -h "$msi" | cut -f1))"
