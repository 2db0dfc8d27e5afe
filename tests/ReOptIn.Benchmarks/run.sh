#!/usr/bin/env bash
# Import benchmark: generates a 1,000,000-row CSV, then measures, each in its own process,
# parse-only (the same-run baseline), the end-to-end import on SQLite, and on a throwaway
# PostgreSQL cluster. Usage: tests/ReOptIn.Benchmarks/run.sh [ROWS]
# PARTS="parse null sqlite postgresql" (the default) chooses which measurements run;
# PGSETTINGS and PGSAMPLE are explained at the PostgreSQL cluster below; NOBUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
parts=" ${PARTS:-parse null sqlite postgresql} "
file=$(mktemp -d)/bench-$rows.csv
[ -n "${NOBUILD:-}" ] || dotnet build tests/ReOptIn.Benchmarks -c Release -nologo -v:q >/dev/null
bench="dotnet tests/ReOptIn.Benchmarks/bin/Release/net10.0/ReOptIn.Benchmarks.dll"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(date -u +%Y-%m-%d)"
$bench generate "$file" "$rows"
echo "file: $rows rows, $(du -h "$file" | cut -f1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $parts == *" parse "* ]] && $bench parse "$file"
[[ $parts == *" null "* ]] && $bench import-null "$file"
[[ $parts == *" sqlite "* ]] && $bench import-sqlite "$file"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# CPU seconds of the PostgreSQL server: its live processes, plus the backends that have exited
# (the postmaster's children's times).
pgcpu() {
  local main; main=$(head -1 "$PGTMP/data/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$main/stat"
    for c in $(pgrep -P "$main"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null; done
  } | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'
}
if [ -n "$PGBIN" ] && [[ $parts == *" postgresql "* ]]; then
  PGTMP=$(mktemp -d); chown postgres:postgres "$PGTMP" 2>/dev/null || true
  PGPORT=$((20000 + RANDOM % 20000))
  run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  run "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  # The settings docs/operations.md recommends for a server that takes large imports (memory for
  # the tables being loaded, no checkpoint in the middle of one); PGSETTINGS="name=value ..."
  # overrides them ("" = PostgreSQL's defaults).
  pgsettings=${PGSETTINGS-shared_buffers=1GB max_wal_size=8GB checkpoint_timeout=15min wal_buffers=64MB}
  pgopts=""; for s in $pgsettings; do pgopts+=" -c $s"; done
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), settings: ${pgsettings:-defaults}"
  run "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP$pgopts" start >/dev/null
  trap 'run "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null; rm -rf "$PGTMP" "$(dirname "$file")"' EXIT
  before=$(pgcpu)
  if [ -n "${PGSAMPLE:-}" ]; then
    # PGSAMPLE=1: what the import's session is doing, five times a second (one more session;
    # its CPU is in the server's figure): "active cpu" is working, "ClientRead" and "idle in
    # transaction" wait for the import process, the rest wait for the disk or the WAL.
    ( while [ -f "$PGTMP/data/postmaster.pid" ]; do sleep 0.2
        echo "select coalesce(state, '-') || ' ' || coalesce(wait_event, 'cpu') from pg_stat_activity where datname = 'bench' and backend_type = 'client backend' and pid <> pg_backend_pid();"
      done | run "$PGBIN/psql" -h "$PGTMP" -p "$PGPORT" -d postgres -Aqt >"$PGTMP/samples" 2>/dev/null ) &
  fi
  $bench import-postgresql "$file" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench"
  sleep 1 # the backend exits after the client disconnects
  echo "  PostgreSQL server CPU during the run (with creating the database): $(awk -v a="$(pgcpu)" -v b="$before" 'BEGIN {printf "%.2f", a - b}') s"
  if [ -n "${PGSAMPLE:-}" ]; then
    echo "  the import's session, sampled: $(sort "$PGTMP/samples" | uniq -c | sort -rn | awk '{$1 = $1 " x"; printf "%s%s", sep, $0; sep = ", "}')"
  fi
elif [ -z "$PGBIN" ]; then
  echo "PostgreSQL binaries not found: skipped the PostgreSQL figure."
  rm -rf "$(dirname "$file")"
else
  rm -rf "$(dirname "$file")"
fi
