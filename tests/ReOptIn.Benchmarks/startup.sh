#!/usr/bin/env bash
# How long the web app takes to answer /health on a fresh SQLite database (migrations, bootstrap),
# and the CPU it spent until then: the start that ADR-0021 (no quick JIT) lengthens.
# Usage: tests/ReOptIn.Benchmarks/startup.sh [starts]   (DOTNET_TC_QuickJit=1 for the A/B; NO_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
starts="${1:-3}"
[ "${NO_BUILD:-}" = 1 ] || dotnet build src/ReOptIn.Web -nologo -v:q >/dev/null
app="$PWD/src/ReOptIn.Web/bin/Debug/net10.0"
echo "machine: $(nproc) cores, $(date -u +%F); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$starts"); do
  dir=$(mktemp -d); port=$((20000 + RANDOM % 10000))
  begin=$(date +%s.%N)
  (cd "$app" && ConnectionStrings__ReOptIn="Data Source=$dir/reoptin.db" ASPNETCORE_URLS="http://127.0.0.1:$port" \
    exec dotnet ReOptIn.Web.dll >"$dir/log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the app stopped; its log:"; cat "$dir/log"; exit 1; }
    sleep 0.05
  done
  end=$(date +%s.%N)
  cpu=$(awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$pid/stat")
  printf 'RESULT start %d: first answer after %.2f s, %s s of CPU\n' "$i" "$(echo "$end - $begin" | bc)" "$cpu"
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$dir"
done
