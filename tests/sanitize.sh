#!/usr/bin/env bash
# A second build of the core, storage, reports and command-line tests with
# AddressSanitizer and UndefinedBehaviorSanitizer (any finding fails the
# run), into build-asan/. The window and the package are left out: their
# tests need a display and take the most time; everything they call is
# covered here through the layers below them.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build-asan"
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DFIDELITY_BUILD_APP=OFF -DFIDELITY_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
# The crash test counts acknowledged edits against the clock and the
# sanitizers slow its child several times over; it runs in the plain build.
ctest --test-dir "$build" --output-on-failure --timeout 900 -j2 -E "crash: SIGKILL"
