#!/usr/bin/env bash
# Window benchmark (not a test): time from start to the first paint of the
# main window, and the memory in use, with a database of one review and with
# 20,000 reviews, in the same run.
#   bench/app/startup.sh [RUNS]      (after installer/build.sh or a build in build/)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="${FIDELITY_BIN:-$top/build/bin}"
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Prints "median_ms rss_kib" of RUNS first paints with database $1.
first_paint() {
  for i in $(seq "$runs"); do
    HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
      xvfb-run -a -s "-screen 0 1366x768x24" "$bin/fidelity-workstation" --db "$1" --bench-startup 2>/dev/null
  done | sort -t= -k2 -n | awk -v n="$runs" '
    { split($1, a, "="); split($2, b, "="); t[NR] = a[2]; m[NR] = b[2] }
    END { printf "%.0f %.0f %.0f %.0f\n", t[int((n + 1) / 2)], m[int((n + 1) / 2)], t[1], t[n] }'
}

for n in 1 20000; do
  mkdir -p "$work/$n"
  "$bin/bench_storage" --dir "$work/$n" --reviews "$n" --edits 1 --keep >/dev/null
done
small=$(ls "$work"/1/bench-storage-*.db)
large=$(ls "$work"/20000/bench-storage-*.db)
read -r t1 m1 lo1 hi1 < <(first_paint "$small")
read -r t2 m2 lo2 hi2 < <(first_paint "$large")
echo "first paint, 1 review:        median $t1 ms (min $lo1, max $hi1) over $runs runs; RSS $((m1 / 1024)) MiB"
echo "first paint, 20,000 reviews:  median $t2 ms (min $lo2, max $hi2) over $runs runs; RSS $((m2 / 1024)) MiB ($(du -m "$large" | cut -f1) MiB database)"
echo "RESULT first_paint_1_ms=$t1 first_paint_20000_ms=$t2"
