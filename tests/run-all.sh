#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages, builds, runs
# ctest; then the same unit and command-line tests built with AddressSanitizer
# and UndefinedBehaviorSanitizer (tests/sanitize.sh), then each fuzzer for
# 60 s (tests/fuzz/run.sh), then the Windows MSI, cross-built and tested under
# Wine. `--extended` fuzzes 600 s per reader instead.
# This is the README's test command, and what CI runs (.ci/run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
fuzz_seconds=60
if [ "${1:-}" = "--extended" ]; then fuzz_seconds=600; fi
"$top/installer/install-deps.sh"
"$top/installer/build.sh"
ctest --test-dir "$top/build" --output-on-failure --timeout 600
echo "== sanitizers (ASan + UBSan)"
"$top/tests/sanitize.sh"
echo "== fuzzing, ${fuzz_seconds}s per reader"
"$top/tests/fuzz/run.sh" "$fuzz_seconds"
# The Windows version: cross-built from Debian's sources and tested under
# Wine (installer/windows/). FIDELITY_SKIP_WINDOWS=1 skips it on a
# developer's machine; CI always runs it.
if [ "${FIDELITY_SKIP_WINDOWS:-}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "== Windows build and tests skipped (FIDELITY_SKIP_WINDOWS=1)"
else
  echo "== Windows: the MSI, cross-built and tested under Wine"
  "$top/installer/windows/build.sh"
  "$top/installer/windows/test.sh"
fi
