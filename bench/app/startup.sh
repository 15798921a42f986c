#!/usr/bin/env bash
# Window benchmark (not a test): time from start to the first paint of the
# main window, and the memory in use, with a database of 20,000 reviews.
#   bench/app/startup.sh [RUNS]      (after installer/build.sh)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/build/bin"
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$bin/bench_storage" --dir "$work" --reviews 20000 --edits 1 --keep >/dev/null
db=$(ls "$work"/bench-storage-*.db)
echo "database: 20,000 reviews, $(du -m "$db" | cut -f1) MiB"
for i in $(seq "$runs"); do
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
    xvfb-run -a -s "-screen 0 1366x768x24" "$bin/fidelity-workstation" --db "$db" --bench-startup 2>/dev/null
done | sort -t= -k2 -n | awk -v n="$runs" '
  { split($1, a, "="); split($2, b, "="); t[NR] = a[2]; m[NR] = b[2] }
  END { printf "first paint: median %.0f ms (min %.0f, max %.0f) over %d runs; memory in use (RSS) %.0f MiB\n",
        t[int((n + 1) / 2)], t[1], t[n], n, m[int((n + 1) / 2)] / 1024 }'
