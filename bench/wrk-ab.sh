#!/usr/bin/env bash
# Two gateway versions under wrk, interleaved (A, B, A, B, ...), read by the app's CPU per webhook: on this 2-core
# machine the baseline's figure moves more between sessions than a 10-15% change in the gateway, so bench/wrk.sh's
# ratio cannot judge one; the same work measured in turns can. Gateway only, no baseline, nothing written to RESULTS.
#
#   A=b42fcf3 B=HEAD bench/wrk-ab.sh          (commits, or a directory holding an already built tree)
#   PROFILE=1 B=HEAD bench/wrk-ab.sh          also a CPU profile of B's first run (dotnet-trace, a speedscope file in bench/out/ab)
#
# Each run: a fresh redis-server and gateway (as bench/wrk.sh starts it), the simulator's set-up of LAT_MEETINGS meetings,
# a warm-up of 5,000 callers, then COUNT callers' first webhook and access-code step, twice. Prints, per run and phase,
# webhooks/s, and the app's and Redis's CPU per webhook (Redis does the same work for both versions: a check on the machine).
# Parameters: A B (commits or directories), ROUNDS (3), COUNT (40000), LAT_MEETINGS (300), PROFILE (0).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
A="${A:-HEAD}" B="${B:-HEAD}" ROUNDS="${ROUNDS:-3}" COUNT="${COUNT:-40000}" LAT_MEETINGS="${LAT_MEETINGS:-300}" PROFILE="${PROFILE:-0}"
WRK_THREADS=1 WRK_CONNECTIONS=100 WRK_CPUS="" QUIET_PERCENT="${QUIET_PERCENT:-25}" GATEWAY_REF=""
out="$root/bench/out/ab"
rm -rf "$out" && mkdir -p "$out"
commands="$out/commands.txt"
: >"$commands"
. scripts/lib.sh
ensure_packages wrk:wrk
. bench/lib.sh
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# A commit is built from git archive; a directory is used as it is (built in Release already).
tree_of() {
  local ref="$1" name="$2"
  if [ -d "$ref" ]; then echo "$ref"; return; fi
  local dir="$out/$name-src"
  mkdir -p "$dir"
  git archive "$ref" | tar -x -C "$dir"
  dotnet build -c Release "$dir/src/IvrGateway" -v quiet -nologo -clp:ErrorsOnly >&2
  echo "$dir"
}
dotnet build -c Release src/IvrGateway.Simulator -v quiet -nologo -clp:ErrorsOnly >/dev/null
tree_a="$(tree_of "$A" a)" tree_b="$(tree_of "$B" b)"
clock_ticks="$(getconf CLK_TCK)"
wrk_pin=()
redis_commands() {
  redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" { s += $3 } END { print s + 0 }'
}
# wrk_phase and wrk_run exactly as bench/wrk.sh has them.
eval "$(sed -n '/^wrk_phase() {/,/^}/p; /^wrk_run() {/,/^}/p' bench/wrk.sh)"

one_run() {
  local name="$1" tree="$2" round="$3"
  gateway_src="$tree"
  start_redis >/dev/null
  new_secrets
  next_caller=0 seed="$(openssl rand -hex 8)"
  start_gateway Voice__BruteForce__PooledLookups=1000000 >/dev/null
  local gw=(--gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --admin-key "$admin_key" --redis "127.0.0.1:$redis_port" --gateway-pid "$app_pid")
  load "${gw[@]}" --callers "$LAT_MEETINGS" --meetings "$LAT_MEETINGS" --number-offset 150000 --plan "$out/plan.json" --setup-only >/dev/null
  plan_arg=(--plan "$out/plan.json")
  action="$(WRK_AUTH_TOKEN="$auth_token" python3 bench/wrk-requests.py probe --base "http://127.0.0.1:$port")"
  expected_incoming="action=\"${action//&/&amp;}\"" expected_code="/voice/step/passcode"
  wrk_run "$name" warmup 5000 500 "$name warm-up" >/dev/null
  local trace_pid=""
  if [ "$PROFILE" = 1 ] && [ "$name" = b ] && [ "$round" = 1 ]; then
    tools="$root/bench/.tools"
    [ -x "$tools/dotnet-trace" ] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null
    ("$tools/dotnet-trace" collect -p "$app_pid" --duration 00:00:00:10 --format Speedscope -o "$out/b.nettrace" >"$out/trace.log" 2>&1) &
    trace_pid=$!
  fi
  local run
  for run in 1 2; do
    wrk_run "$name" "r$round-$run" "$COUNT" 8000 "$name round $round run $run" >/dev/null
    local phase
    for phase in incoming code; do
      jq -r --arg n "$name" '"\($n)\t\(.label)\t\(.perSecond) webhooks/s\tapp \(.cpuSeconds.app / .answered * 1000000 | floor) µs\tRedis \(.cpuSeconds.redis / .answered * 1000000 | floor) µs per webhook\tload \(.loadAverageBefore)"' \
        "$out/$name-r$round-$run-$phase.json"
    done
  done
  [ -n "$trace_pid" ] && wait "$trace_pid"
  bench_cleanup
}

for round in $(seq 1 "$ROUNDS"); do
  one_run a "$tree_a" "$round"
  one_run b "$tree_b" "$round"
done
