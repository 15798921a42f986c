#!/usr/bin/env bash
# Reports the source files that do not follow .clang-format, and with
# --tidy the findings of .clang-tidy (needs build/compile_commands.json).
#   tests/lint.sh [--tidy] [FILE...]
# Exit 1 when something is reported. Not yet part of tests/run-all.sh: the
# code base gets its one-time reformat when the open branches are merged.
# Needs clang-format (and clang-tidy): apt-get install clang-format clang-tidy
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tidy=0
if [ "${1:-}" = "--tidy" ]; then tidy=1; shift; fi
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp'); fi
status=0
total=0
for f in "${files[@]}"; do
  n=$(clang-format --style=file "$f" | diff "$f" - | grep -c '^>')
  if [ "$n" -gt 0 ]; then
    echo "$f: $n lines differ from .clang-format"
    total=$((total + n))
    status=1
  fi
done
echo "clang-format: $total lines to change in ${#files[@]} files"
if [ $tidy -eq 1 ]; then
  [ -f build/compile_commands.json ] || { echo "build first: installer/build.sh"; exit 1; }
  for f in "${files[@]}"; do
    case "$f" in *.cpp) ;; *) continue ;; esac
    out=$(clang-tidy -p build --quiet "$f" 2>/dev/null | grep -E '(warning|error):')
    if [ -n "$out" ]; then echo "$out"; status=1; fi
  done
fi
exit $status
