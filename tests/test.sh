#!/usr/bin/env bash
# Runs every test of ReOptIn: builds the solution (warnings are errors), then runs the unit and
# integration tests against real parts: SQLite files, a throwaway PostgreSQL cluster (started by the
# tests from the machine's PostgreSQL binaries, or the server named by ReOptIn_Test_PostgreSql),
# and, as the features arrive, a real SMTP server and a real browser.
# Ends with one line: "N passed, N failed" (", N skipped" when some were).
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dotnet >/dev/null || missing+=("the .NET 10 SDK (dotnet)")
if [ -z "${ReOptIn_Test_PostgreSql:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=("PostgreSQL 15+ (Debian: apt-get install postgresql), or ReOptIn_Test_PostgreSql set to a server's connection string")
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf 'Cannot run the tests; missing:\n' >&2
  printf -- '- %s\n' "${missing[@]}" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1; }
if ! dotnet build ReOptIn.sln -nologo -v:q; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# Hundreds of app hosts start in one test process; configuration files watched for changes would
# use up the machine's inotify instances (128 by default) and fail unrelated tests.
export DOTNET_hostBuilder__reloadConfigOnChange=false
export DOTNET_USE_POLLING_FILE_WATCHER=true

log=$(mktemp)
dotnet test ReOptIn.sln --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary line per test project and no total: add them up.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | awk -F'[:,]' '
  { for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/)  f += $(i+1)
      if ($i ~ /Passed$/)  p += $(i+1)
      if ($i ~ /Skipped$/) s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crash or build error, not a test
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
