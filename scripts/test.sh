#!/usr/bin/env bash
# Runs every test of the solution against real servers (MariaDB, PostgreSQL, s3rver, helm, Chromium),
# installing them first when missing. Slow soak/fault runs: SYNC_SLOW_TESTS=1 scripts/test.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-test-deps.sh || { echo "installing test dependencies failed" >&2; exit 1; }
export SYNC_REQUIRE_SERVERS="${SYNC_REQUIRE_SERVERS:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
dotnet build Sync.sln -c Release -nologo -v q || { echo "build failed" >&2; exit 1; }
log="$(mktemp)"
# --blame-hang-timeout: a hung test is killed and reported instead of stalling the run
dotnet test Sync.sln -c Release --no-build -nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -n -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$log")
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
