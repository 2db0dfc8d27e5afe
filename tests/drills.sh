#!/usr/bin/env bash
# The fault drills at full size (issue #10): 20 SIGKILLs at random moments of an import and of a send,
# plus the full-disk and database-outage drills. The test suite (tests/test.sh) runs the same drills
# with 5 kills each. REOPTIN_DRILL_SEED=N replays a run; the seed is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export REOPTIN_DRILL_KILLS=${REOPTIN_DRILL_KILLS:-20}
exec dotnet test tests/ReOptIn.IntegrationTests --filter "FullyQualifiedName~ReOptIn.IntegrationTests.Drills" --logger "console;verbosity=detailed"
