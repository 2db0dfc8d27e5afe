#!/usr/bin/env bash
# Import benchmark: generates a 1,000,000-row CSV, then measures, each in its own process,
# parse-only (the same-run baseline), the end-to-end import on SQLite, and on a throwaway
# PostgreSQL cluster. Usage: tests/ReOptIn.Benchmarks/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
file=$(mktemp -d)/bench-$rows.csv
dotnet build tests/ReOptIn.Benchmarks -c Release -nologo -v:q >/dev/null
bench="dotnet tests/ReOptIn.Benchmarks/bin/Release/net10.0/ReOptIn.Benchmarks.dll"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(date -u +%Y-%m-%d)"
$bench generate "$file" "$rows"
echo "file: $rows rows, $(du -h "$file" | cut -f1)"
$bench parse "$file"
$bench import-null "$file"
$bench import-sqlite "$file"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$PGBIN" ]; then
  PGTMP=$(mktemp -d); chown postgres:postgres "$PGTMP" 2>/dev/null || true
  PGPORT=$((20000 + RANDOM % 20000))
  run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  run "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  run "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP" start >/dev/null
  trap 'run "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null; rm -rf "$PGTMP" "$(dirname "$file")"' EXIT
  $bench import-postgresql "$file" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench"
else
  echo "PostgreSQL binaries not found: skipped the PostgreSQL figure."
  rm -rf "$(dirname "$file")"
fi
