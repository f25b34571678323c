#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (redis-server: the tests start
# their own private Redis on a free port; chromium: the browser tests drive Debian's Chromium),
# runs the whole solution with TRX results, stops anything a crashed run left behind, and prints
# as its last line the summary computed from the TRX files:
#   N passed, M failed[, K skipped]
# Extra arguments go to the first 'dotnet test' (for example --filter).
# A second run puts the call-flow, API and call-log suites on a real Redis Cluster of three primaries
# (started here on loopback ports, stopped at exit; IVR_TEST_CLUSTER=no skips it). The summary counts both.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages redis-server:redis-server redis-cli:redis-tools chromium:chromium || { echo "0 passed, 1 failed"; exit 1; }

results="TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
export IVR_TEST_RUN_DIR="$PWD/$results/pids"
mkdir -p "$IVR_TEST_RUN_DIR"

# Only a process that is still what the pid file says (a redis-server or a dotnet gateway) is stopped.
stop_leftovers() {
  local pidfile pid name
  for pidfile in "$IVR_TEST_RUN_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    name=$(ps -p "$pid" -o comm= 2>/dev/null)
    case "$name" in redis-server|dotnet|IvrGateway) kill "$pid" 2>/dev/null ;; esac
  done
  return 0
}
trap stop_leftovers EXIT

# Built first, then the test projects one after another (-m:1): on a 2-core machine the browser tests, the gateway
# processes and the in-process suites running side by side starve each other and time out for no fault of the code.
if ! dotnet build IvrGateway.sln -v quiet -nologo -clp:ErrorsOnly; then
  echo "The build failed, so no test ran (stale binaries are never tested)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test IvrGateway.sln --no-build -m:1 --logger "trx" --results-directory "$results" "$@"
status=$?

if [ "${IVR_TEST_CLUSTER:-yes}" != "no" ]; then
  if nodes=$(start_redis_cluster "$PWD/$results/cluster"); then
    echo "Redis Cluster on $nodes: the call-flow, API and call-log suites again." >&2
    IVR_TEST_REDIS="cluster:$nodes" dotnet test tests/IvrGateway.IntegrationTests --no-build --logger "trx;LogFileName=cluster.trx" \
      --results-directory "$results" \
      --filter "FullyQualifiedName~IvrGateway.IntegrationTests.Voice.|FullyQualifiedName~IvrGateway.IntegrationTests.CallLog.|FullyQualifiedName~IvrGateway.IntegrationTests.Scheduling.|FullyQualifiedName~IvrGateway.IntegrationTests.Organizers."
    cluster_status=$?
    [ "$cluster_status" -ne 0 ] && status=$cluster_status
  else
    echo "The Redis Cluster did not start; counted as one failure." >&2
    status=1
  fi
fi

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  attr() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done
# A run that could not build or crashed before writing results must not look green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "dotnet test exited with $status without reporting a failed test (build error or crash); counted as one failure." >&2
fi
if [ "$files" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ]
