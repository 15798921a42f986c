#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages, builds, runs
# ctest. `--extended` also runs each fuzzer for 60 seconds.
# This is the README's test command, and what CI runs (.ci/run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install-deps.sh"
"$top/installer/build.sh"
ctest --test-dir "$top/build" --output-on-failure --timeout 600
if [ "${1:-}" = "--extended" ]; then
  "$top/tests/fuzz/run.sh" 60
fi
