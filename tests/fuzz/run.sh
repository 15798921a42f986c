#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#   tests/fuzz/run.sh [SECONDS]      (default 60 per target)
# Fails if a fuzzer finds a crash, a hang or runaway memory; the input that
# did it is left in build-fuzz/findings/ to turn into a regression test.
set -euo pipefail
seconds=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build-fuzz"
CC=clang CXX=clang++ cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFIDELITY_FUZZ=ON -DFIDELITY_CORE_ONLY=ON -DFIDELITY_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" >/dev/null
cmake --build "$build" --target fuzz_review fuzz_scale
mkdir -p "$build/findings"
status=0
for target in review scale; do
  work="$build/corpus-$target"
  mkdir -p "$work"
  echo "== fuzz_$target for ${seconds}s"
  if ! (cd "$build/findings" && "$build/bin/fuzz_$target" "$work" "$top/tests/fuzz/corpus/$target" \
        -dict="$top/tests/fuzz/$target.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 2>&1 | tail -n 25); then
    status=1
  fi
done
if ls "$build"/findings/crash-* "$build"/findings/timeout-* "$build"/findings/oom-* >/dev/null 2>&1; then
  echo "fuzzing found problems: see $build/findings"
  status=1
fi
exit $status
