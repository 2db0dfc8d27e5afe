#!/usr/bin/env bash
# Public pages benchmark (a benchmark, not a test): wrk against the real app (Release build, SQLite on
# disk, app defaults except the per-IP rate limit, which one load generator on one IP would hit) for
#   1. a bare endpoint of the same app (a static file: the pipeline without a page or the database),
#   2. the landing page GET /c/{token} (looks the token up, records the visit, renders the form),
#   3. confirmations POST /c/{token} with fresh tokens (one transaction: state, receipt, visit evidence),
# and prints requests/s and latency percentiles of each. Targets (2 cores): >= 3,000 GET/s,
# >= 1,000 confirmations/s, p99 < 50 ms.
# Usage: tests/ReOptIn.Benchmarks/public.sh [COUNT]     (COUNT seeded requests, default 100000)
# DURATION (default 10s), CONNECTIONS (default 32); REOPTIN_BENCH_DIR=/dev/shm puts the database in memory (diagnosis only);
# APP_DLL runs another build of the app (a copy of bin/Release/net10.0 kept as a baseline) for an A/B comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
count=${1:-100000}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=2

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null
if [ "${NO_BUILD:-}" != 1 ]; then   # NO_BUILD=1: the builds are there already (back-to-back A/B runs on a busy machine)
  dotnet build src/ReOptIn.Web -c Release -nologo -v:q >/dev/null
  dotnet build tests/ReOptIn.Benchmarks -c Release -nologo -v:q >/dev/null
fi

work=$(mktemp -d "${REOPTIN_BENCH_DIR:-${TMPDIR:-/tmp}}/reoptin-public-XXXXXX")
app=
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/reoptin.db"
dotnet tests/ReOptIn.Benchmarks/bin/Release/net10.0/ReOptIn.Benchmarks.dll public-seed "$db" "$count" "$work/tokens"

port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
(cd src/ReOptIn.Web && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" \
  Database__Provider=Sqlite ConnectionStrings__ReOptIn="Data Source=$db" Database__MigrateOnStartup=true \
  Bootstrap__AdminEmail=bench.admin@example.com Bootstrap__AdminPassword="a long benchmark password" \
  Links__PublicBaseUrl="$base" Logs__Console=false Logs__File="$work/logs/reoptin-.log" \
  PublicPages__PermitPerMinute=1000000000 \
  dotnet "${APP_DLL:-$root/src/ReOptIn.Web/bin/Release/net10.0/ReOptIn.Web.dll}") > "$work/app.out" 2>&1 &
app=$!
for _ in $(seq 150); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { cat "$work/app.out"; exit 1; }

# The app's CPU time (user + system, in clock ticks) from /proc: CPU per request depends less on
# what else the machine runs than req/s does, so it is the figure to compare on a shared machine.
ticks() { awk '{ print $14 + $15 }' "/proc/$app/stat"; }
hz=$(getconf CLK_TCK)

# One antiforgery pair (cookie + form field) from a landing page; for an anonymous visitor it is valid
# on every form. The first token is kept out of the confirmations (its GET was a visit).
curl -s -c "$work/jar" "$base/c/$(head -1 "$work/tokens")" > "$work/form.html"
form_token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$work/form.html" | sed 's/.*value="//; s/"$//')
cookie=$(awk '$6 ~ /^\.AspNetCore\.Antiforgery/ {print $6 "=" $7}' "$work/jar")
[ -n "$form_token" ] && [ -n "$cookie" ] || { echo "No antiforgery pair on the landing page"; exit 1; }
# The first token is the form's; the next 3,000 warm up the confirmations; the rest are fresh.
sed -n 2,3001p "$work/tokens" > "$work/warm"
tail -n +3002 "$work/tokens" > "$work/fresh"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "wrk: $threads threads, $connections connections, $duration each; $count seeded requests; database on $(df --output=fstype "$work" | tail -1)"
# A warm-up that is not measured: both pages, twice, then a wait until the app is idle again. The
# runtime recompiles hot code in the background for a while after the first requests (tiered JIT);
# measured too early, that work doubles the CPU per request of a short run.
export TOKENS="$work/tokens" THREADS=$threads FORM_TOKEN="$form_token" COOKIE="$cookie"
for _ in 1 2; do
  wrk -t$threads -c8 -d6s -s tests/ReOptIn.Benchmarks/wrk/visit.lua "$base" >/dev/null 2>&1 || true
  TOKENS="$work/warm" wrk -t$threads -c8 -d3s -s tests/ReOptIn.Benchmarks/wrk/confirm.lua "$base" >/dev/null 2>&1 || true
done
for _ in $(seq 20); do before=$(ticks); sleep 2; [ $(( $(ticks) - before )) -lt 10 ] && break; done

summary() { awk -v what="$1" -v cpu="$2" -v hz="$hz" '
  /requests in/ { n = $1 }
  /Requests\/sec/ { rps = $2 }
  /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
  /Non-2xx/ { bad = $NF }
  END { printf "RESULT %-32s %8.0f req/s   p50 %8s   p99 %8s   non-2xx %s   app CPU %.3f ms/req\n", what, rps, p50, p99, (bad == "" ? 0 : bad), (n > 0 ? cpu * 1000 / hz / n : 0) }'; }
# run NAME wrk-args…: one measured wrk run, its output kept in $work/NAME.
run() {
  local name=$1 what=$2; shift 2
  local before; before=$(ticks)
  wrk -t$threads -c"$connections" -d"$duration" --latency "$@" > "$work/$name"
  summary "$what" $(( $(ticks) - before )) < "$work/$name"
}

run bare "bare (static file)" "$base/css/site.css"
# The landing page for links that show the form: the fresh tokens (the warm-up's 3,000 are confirmed
# already, and their visits would measure the Razor page's "already confirmed" answer instead).
TOKENS="$work/fresh" run visit "landing page GET /c/{token}" -s tests/ReOptIn.Benchmarks/wrk/visit.lua "$base"
before=$(sqlite3 "$db" 'SELECT COUNT(*) FROM "ConsentReceipts"')
TOKENS="$work/fresh" run confirm "confirmation POST /c/{token}" -s tests/ReOptIn.Benchmarks/wrk/confirm.lua "$base"
after=$(sqlite3 "$db" 'SELECT COUNT(*) FROM "ConsentReceipts"')
echo "consent receipts written during the confirmation run: $((after - before)) (each one a confirmation, checked in the database)"
[ "${VERBOSE:-}" = 1 ] && cat "$work/bare" "$work/visit" "$work/confirm"
exit 0
