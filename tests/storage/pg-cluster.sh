#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests' second backend.
#   pg-cluster.sh start STATE   initdb + pg_ctl start in a new temporary folder
#                               (socket there, no TCP); writes host= and port= to STATE
#   pg-cluster.sh stop STATE    stops it and removes the folder
# The server refuses to run as root: as root it runs as the postgres user.
set -euo pipefail
cmd=${1:?start or stop} state=${2:?state file}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as=()
[ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)

case $cmd in
start)
  [ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin" >&2; exit 1; }
  dir=$(mktemp -d /tmp/fidelity-pg-XXXXXX)
  [ ${#as[@]} -gt 0 ] && chown postgres: "$dir"
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # A throwaway server: durability off makes the suite faster and changes
  # nothing the tests check (they never crash the server).
  for try in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
         start >/dev/null; then
      printf 'dir=%s\nhost=%s\nport=%s\n' "$dir" "$dir" "$port" >"$state"
      echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $dir, port $port"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  [ -f "$state" ] || exit 0
  dir=$(sed -n 's/^dir=//p' "$state")
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
esac
