#!/usr/bin/env bash
# The workstation on a desktop of its own: a session bus with the
# accessibility bus, a virtual display, a window manager; then
# desktop_test.py drives it by keys and reads it with AT-SPI (Debian's
# python3, where python3-pyatspi is).
#   tests/gui/desktop.sh BIN_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?BIN_DIR}
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24" \
  "$here/with-wm.sh" /usr/bin/python3 "$here/desktop_test.py" "$bin" "$(cd "$here/../.." && pwd)"
