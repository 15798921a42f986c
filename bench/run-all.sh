#!/usr/bin/env bash
# Every benchmark, then one table of the performance goals (docs/performance.md):
# each figure measured in this run, beside what it is compared with.
#   bench/run-all.sh [--quick]       (after a build in build/: tests/run-all.sh or installer/build.sh)
# BENCH_DIR: a folder on the disk the workstation uses (default /var/tmp):
# durable edits wait for that disk. Not a test; nothing here fails a build.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin="${FIDELITY_BIN:-$top/build/bin}"
quick=${1:-}
dir=$(mktemp -d "${BENCH_DIR:-/var/tmp}/fidelity-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
log="$dir/log"
runs=7 edits=300 reports_args=(--batch 1000 --threads 2 --runs 30 --lo-runs 4)
if [ "$quick" = --quick ]; then runs=3 edits=100 reports_args=(--batch 200 --threads 2 --runs 10 --lo-runs 3); fi

for tool in bench_storage bench_edit bench_reports fidelity-workstation; do
  [ -x "$bin/$tool" ] || { echo "run-all.sh: $bin/$tool is missing: build first (cmake --build build)" >&2; exit 2; }
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== storage (20,000 reviews)"; "$bin/bench_storage" --dir "$dir" --reviews 20000 --edits "$edits" | tee -a "$log"
echo "== one edit in the window";   "$bin/bench_edit" --dir "$dir" --edits 40 | tee -a "$log"
echo "== reports";                   "$bin/bench_reports" "${reports_args[@]}" | tee -a "$log"
echo "== first paint";               FIDELITY_BIN="$bin" "$top/bench/app/startup.sh" "$runs" | tee -a "$log"

# key=value pairs from every RESULT line.
declare -A v
while read -r -a words; do
  for w in "${words[@]:1}"; do v[${w%%=*}]=${w#*=}; done
done < <(grep '^RESULT ' "$log")
get() { echo "${v[$1]:-}"; }

# goal | measured | compared with | ratio | target | met
row() { printf '| %-46s | %12s | %14s | %8s | %-12s | %-3s |\n' "$@"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'; }
met() { awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN { if (x == "") { print "?"; exit } ok = (op == "<=" ? x <= t : x >= t); print ok ? "yes" : "NO" }'; }

echo
echo "== goals (issue 15), this run"
row goal measured "compared with" ratio target met
row "$(printf -- '-%.0s' {1..46})" ------------ -------------- -------- ------------ ---
fp1=$(get first_paint_1_ms) fp2=$(get first_paint_20000_ms)
r=$(ratio "$fp2" "$fp1"); row "first paint, 20,000 reviews / 1 review" "$fp2 ms" "$fp1 ms" "$r" "<= 1.3x" "$(met "$r" "<=" 1.3)"
row "first paint, 20,000 reviews" "$fp2 ms" "" "" "< 300 ms" "$(met "$fp2" "<=" 300)"
cpu=$(get report_cpu_ms) lo=$(get lo_cpu_ms)
r=$(ratio "$lo" "$cpu"); row "report CPU: LibreOffice conversion / PDF" "$cpu ms" "$lo ms" "$r" ">= 100x" "$(met "$r" ">=" 100)"
b=$(get batch1000_2threads_s); row "1,000 final reports (PDF+XLSX), 2 threads" "$b s" "" "" "< 8 s" "$(met "$b" "<=" 8)"
e=$(get edit_ms) bare=$(get bare_commit_ms)
r=$(ratio "$e" "$bare"); row "durable edit / bare SQLite commit" "$e ms" "$bare ms" "$r" "<= 2x" "$(met "$r" "<=" 2)"
w=$(get window_edit_ms) wa=$(get window_edit_attachments_ms)
r=$(ratio "$wa" "$w"); row "window edit, 3 x 20 MiB attachments / none" "$wa ms" "$w ms" "$r" "<= 2x" "$(met "$r" "<=" 2)"
l=$(get list_ms); row "list 20,000 reviews (just opened)" "$l ms" "" "" "< 30 ms" "$(met "$l" "<=" 30)"
l2=$(get relist_ms); row "list 20,000 reviews again" "$l2 ms" "" "" "< 30 ms" "$(met "$l2" "<=" 30)"
