#!/usr/bin/env bash
# Takes the user guide's screenshots: runs the workstation under a virtual
# display (Xvfb) with a fresh database and settings, opens the example review
# and saves each main screen at 1366x768 into docs/images/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$top/docs/images"}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME="$home" XDG_CONFIG_HOME="$home/config" NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  "$top/build/bin/fidelity-workstation" --db "$home/workstation.db" --as "Ana Ruiz" --screenshots "$out" \
  2> >(grep -v -e Gtk-CRITICAL -e '^$' >&2)
ls "$out"
