#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages, builds, runs
# ctest, then builds the Windows MSI and tests it under Wine. `--extended`
# also runs each fuzzer for 60 seconds.
# This is the README's test command, and what CI runs (.ci/run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install-deps.sh"
"$top/installer/build.sh"
ctest --test-dir "$top/build" --output-on-failure --timeout 600
# The Windows version: cross-built from Debian's sources and tested under
# Wine (installer/windows/). FIDELITY_SKIP_WINDOWS=1 skips it on a
# developer's machine; CI always runs it.
if [ "${FIDELITY_SKIP_WINDOWS:-}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "Windows build and tests skipped (FIDELITY_SKIP_WINDOWS=1)"
else
  "$top/installer/windows/build.sh"
  "$top/installer/windows/test.sh"
fi
if [ "${1:-}" = "--extended" ]; then
  "$top/tests/fuzz/run.sh" 60
fi
