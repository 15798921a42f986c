#!/usr/bin/env bash
# Builds the .deb, unpacks it into a temporary root (dpkg -x) and runs a
# scoring and a report from the installed binaries and data only.
#   installer/test-package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$root" "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/pkg" >/dev/null)
deb=$(ls "$work"/pkg/fidelity-workstation_*.deb)
dpkg-deb --info "$deb" | grep -E "Depends:.*(libwx|libpodofo|libxlsxwriter|fonts-dejavu-core)" >/dev/null \
  || { echo "package dependencies are missing"; dpkg-deb --info "$deb"; exit 1; }
dpkg -x "$deb" "$root"
for f in usr/bin/fidelity usr/bin/fidelity-workstation usr/share/applications/fidelity-workstation.desktop \
         usr/share/icons/hicolor/scalable/apps/fidelity-workstation.svg usr/share/man/man1/fidelity.1 \
         usr/share/metainfo/org.fidelityworkstation.FidelityWorkstation.metainfo.xml \
         usr/share/fidelity-workstation/scales/ips-se-25.toml usr/share/fidelity-workstation/doc/user-guide.md; do
  [ -e "$root/$f" ] || { echo "missing from the package: $f"; exit 1; }
done
# Run from somewhere else, with nothing of the source or build tree around.
cd "$work"
example="$root/usr/share/fidelity-workstation/examples/concord-2026-final.json"
out=$(env -u FIDELITY_DATA_DIR "$root/usr/bin/fidelity" score "$example" --json)
echo "$out" | grep -q '"total":98' || { echo "unexpected score: $out"; exit 1; }
env -u FIDELITY_DATA_DIR "$root/usr/bin/fidelity" report "$example" --pdf "$work/final.pdf" --xlsx "$work/final.xlsx"
head -c 5 "$work/final.pdf" | grep -q '%PDF-'
[ -s "$work/final.xlsx" ]
env -u FIDELITY_DATA_DIR "$root/usr/bin/fidelity" verify "$work/final.pdf" "$example" >/dev/null
# The window binary starts far enough to say it needs a display.
set +e
msg=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/fidelity-workstation" 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] && echo "$msg" | grep -q "no display" || { echo "no-display message: $rc $msg"; exit 1; }
echo "package ok: $(basename "$deb")"
