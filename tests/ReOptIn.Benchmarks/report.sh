#!/usr/bin/env bash
# Report benchmark (a benchmark, not a test): a campaign of COUNT requests (default 1,000,000) seeded by bulk SQL,
# then the report's queries timed (median of 9 runs) beside a bare COUNT(*) in the same run, on SQLite and on a
# throwaway PostgreSQL cluster, open and after the deadline's purge. Usage: tests/ReOptIn.Benchmarks/report.sh [COUNT]
# ONLY=sqlite or ONLY=postgresql runs one database.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000000}
dotnet build tests/ReOptIn.Benchmarks -c Release -nologo -v:q >/dev/null
bench="dotnet tests/ReOptIn.Benchmarks/bin/Release/net10.0/ReOptIn.Benchmarks.dll"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
if [ "${ONLY:-}" != postgresql ]; then
  $bench report-sqlite "$count" open
  $bench report-sqlite "$count" purged
fi
[ "${ONLY:-}" = sqlite ] && exit 0

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "PostgreSQL binaries not found: skipped the PostgreSQL figures."; exit 0; fi
PGTMP=$(mktemp -d); chown postgres:postgres "$PGTMP" 2>/dev/null || true
PGPORT=$((20000 + RANDOM % 20000))
while (echo >/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
run "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP" start >/dev/null
trap 'run "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null; rm -rf "$PGTMP"' EXIT
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') with default settings"
$bench report-postgresql "$count" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench" open
$bench report-postgresql "$count" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench" purged
