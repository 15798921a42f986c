#!/usr/bin/env bash
# Runs a command on the current (virtual) display under a window manager,
# openbox, so that windows get the focus as they do on a desktop: tests of
# where the focus lands need one. Used inside xvfb-run.
set -euo pipefail
openbox --sm-disable --config-file /dev/null >/dev/null 2>&1 &
wm=$!
trap 'kill $wm 2>/dev/null || true' EXIT
# Until openbox manages the screen (it names itself on the root window).
for _ in $(seq 100); do
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
  sleep 0.05
done
"$@"
