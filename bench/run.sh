#!/usr/bin/env bash
# Benchmarks the gateway against a baseline app on this machine and writes bench/RESULTS.md.
#
#   bench/run.sh                                        the full run (about 12 minutes)
#   CALLERS=2000 MEETINGS=200 WINDOW=20 bench/run.sh    a quick one
#
# It builds the gateway, the baseline (bench/Baseline) and the simulator in Release, starts a
# private redis-server (no persistence) on a free loopback port, then for each app: a latency run
# (LAT_CALLERS callers held at LAT_CONCURRENCY calls in flight, no think time: a saturation test),
# a paced run (PACED_CALLERS callers, PACED_CONCURRENCY calls in flight at a caller's pace: THINK
# seconds before each key entry and PACED_STAY seconds in the conference, really waited; the p99
# target is judged on it) and the burst (CALLERS callers into MEETINGS meetings over WINDOW seconds),
# each after an unmeasured warm-up. Redis is flushed between the apps. After the gateway's measured runs it does a small census run (Redis MONITOR: who sent
# which command) and, with PROFILE=1, samples the gateway's CPU under load with dotnet-trace and
# dotnet-counters (installed into bench/.tools). Every process it starts is stopped on exit.
#
# Parameters (environment):
#   CALLERS MEETINGS WINDOW CONCURRENCY STAY           the burst (10000 1000 60 200 1)
#   LAT_CALLERS LAT_MEETINGS LAT_WINDOW LAT_CONCURRENCY the latency run (3000 300 0 100: all due at once)
#   PACED_CALLERS PACED_MEETINGS PACED_CONCURRENCY      the paced run (1000 100 100 1 3 100): each call hears two
#     THINK PACED_STAY PACED_WARMUP                     prompts and stays, about 5 s, so 100 stay in flight for about 50 s
#   PACED_WINDOW                                       the paced run's arrivals (default: the time the slots take to
#                                                      serve everyone, 50 s, so the first 100 calls are spread over one
#                                                      call's length and the calls never move in step; 0: all at once,
#                                                      and then every step comes as a wave of 100 requests at one instant)
#   QUIET_PERCENT                                      wait (up to 2 minutes) until other processes use less than
#                                                      this share of the machine before each measured run (10)
#   LAT_REPEAT                                         latency runs per app; the fastest counts (3)
#   WARMUP_CALLERS                                     unmeasured warm-up calls before each run (600)
#   CENSUS_CALLERS                                     calls in the MONITOR census, 0 to skip (200)
#   PROFILE                                            1: profile the gateway after the measured runs (1)
#   GATEWAY_REF                                        build the gateway from this commit (git archive)
#                                                      instead of the working tree
#   GATEWAY_LOG_LEVEL                                  Logging__LogLevel__Default for the gateway; unset
#                                                      (the default) keeps appsettings.json's levels
#   WRK                                                1: then run bench/wrk.sh (is the load tool the bottleneck?
#                                                      both apps under wrk and the simulator; bench/RESULTS-wrk.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

CALLERS="${CALLERS:-10000}" MEETINGS="${MEETINGS:-1000}" WINDOW="${WINDOW:-60}" CONCURRENCY="${CONCURRENCY:-200}" STAY="${STAY:-1}"
LAT_CALLERS="${LAT_CALLERS:-3000}" LAT_MEETINGS="${LAT_MEETINGS:-300}" LAT_WINDOW="${LAT_WINDOW:-0}" LAT_CONCURRENCY="${LAT_CONCURRENCY:-100}"
LAT_REPEAT="${LAT_REPEAT:-3}" WARMUP_CALLERS="${WARMUP_CALLERS:-600}" CENSUS_CALLERS="${CENSUS_CALLERS:-200}" PROFILE="${PROFILE:-1}"
PACED_CALLERS="${PACED_CALLERS:-1000}" PACED_MEETINGS="${PACED_MEETINGS:-100}" PACED_CONCURRENCY="${PACED_CONCURRENCY:-100}"
THINK="${THINK:-1}" PACED_STAY="${PACED_STAY:-3}" PACED_WARMUP="${PACED_WARMUP:-100}"
PACED_WINDOW="${PACED_WINDOW:-$(awk -v n="$PACED_CALLERS" -v t="$THINK" -v s="$PACED_STAY" -v c="$PACED_CONCURRENCY" 'BEGIN { printf "%g", n * (2 * t + s) / c }')}"
GATEWAY_REF="${GATEWAY_REF:-}" GATEWAY_LOG_LEVEL="${GATEWAY_LOG_LEVEL:-}" QUIET_PERCENT="${QUIET_PERCENT:-10}"

for tool in redis-server redis-cli jq curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install redis-server jq curl openssl)." >&2; exit 1; }
done

out="$root/bench/out"
rm -rf "$out" && mkdir -p "$out"
commands="$out/commands.txt"
: >"$commands"

. bench/lib.sh
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

echo "== Building (Release)"
build_release
start_redis

new_secrets
redis_arg=(--redis "127.0.0.1:$redis_port")
latency_args=(--callers "$LAT_CALLERS" --meetings "$LAT_MEETINGS" --window "$LAT_WINDOW" --concurrency "$LAT_CONCURRENCY" --stay "$STAY"
  --warmup "$WARMUP_CALLERS")
# A short warm-up is enough here: the latency runs warmed the app up; this one warms the tool's paced path.
paced_args=(--callers "$PACED_CALLERS" --meetings "$PACED_MEETINGS" --window "$PACED_WINDOW" --concurrency "$PACED_CONCURRENCY"
  --think "$THINK" --stay "$PACED_STAY" --number-offset 100000 --warmup "$PACED_WARMUP")
burst_args=(--callers "$CALLERS" --meetings "$MEETINGS" --window "$WINDOW" --concurrency "$CONCURRENCY" --stay "$STAY"
  --number-offset 0 --warmup "$WARMUP_CALLERS")

# The latency run is short, so other work on the machine can spoil it: it runs LAT_REPEAT times
# (each from numbers of its own) and the fastest counts, the usual best-of-N. All are listed.
latency_runs() {
  local name="$1" i best="" best_rate=-1 rate
  shift
  for i in $(seq 1 "$LAT_REPEAT"); do
    load "$@" "${latency_args[@]}" --number-offset $((30000 + (i - 1) * LAT_CALLERS)) \
      --label "$name, latency run" --json "$out/$name-latency-$i.json"
    rate="$(jq '.rates.webhooksPerSecond' "$out/$name-latency-$i.json")"
    echo "$name latency run $i: $rate webhooks/s, $(jq '.machineCpuSeconds' "$out/$name-latency-$i.json") s machine CPU" >>"$out/latency-repeats.txt"
    if [ "$(jq -n "$rate > $best_rate")" = true ]; then best="$i" best_rate="$rate"; fi
  done
  cp "$out/$name-latency-$best.json" "$out/$name-latency.json"
  echo "$name: run $best counts" >>"$out/latency-repeats.txt"
}

# ---- The baseline: the same webhooks with trivial work behind them.
start_baseline
base=(--gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --no-setup "${redis_arg[@]}" --gateway-pid "$app_pid")
latency_runs baseline "${base[@]}"
load "${base[@]}" "${paced_args[@]}" --label "baseline, paced run" --json "$out/baseline-paced.json"
load "${base[@]}" "${burst_args[@]}" --label "baseline, burst" --json "$out/baseline-burst.json"
stop_app
redis-cli -p "$redis_port" flushall >/dev/null

# ---- The gateway: Release, Production, fresh secrets.
start_gateway
gw=(--gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --admin-key "$admin_key" "${redis_arg[@]}" --gateway-pid "$app_pid")
latency_runs gateway "${gw[@]}"
load "${gw[@]}" "${paced_args[@]}" --label "gateway, paced run" --json "$out/gateway-paced.json"
load "${gw[@]}" "${burst_args[@]}" --label "gateway, burst" --json "$out/gateway-burst.json"
census_args=()
if [ "$CENSUS_CALLERS" -gt 0 ]; then
  load "${gw[@]}" --callers "$CENSUS_CALLERS" --meetings $(((CENSUS_CALLERS + 9) / 10)) --window 2 --concurrency 20 --number-offset 150000 \
    --census --label "gateway, census (MONITOR on: not a measurement)" --json "$out/gateway-census.json" >"$out/gateway-census.txt"
  census_args=(--census "$out/gateway-census.json")
fi

# ---- Optional: where the gateway's CPU goes, under a load like the burst's (not a measurement).
# collect-linux samples the CPU (perf events), so idle threads do not show; where the kernel does
# not allow it, collect samples thread stacks (waiting threads included).
profile_kind=""
if [ "$PROFILE" = 1 ]; then
  tools="$root/bench/.tools"
  if { [ -x "$tools/dotnet-trace" ] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null 2>&1; } &&
     { [ -x "$tools/dotnet-counters" ] || dotnet tool install dotnet-counters --version 10.0.750501 --tool-path "$tools" >/dev/null 2>&1; }; then
    echo "== Profiling the gateway (dotnet-trace, dotnet-counters)"
    profiled=(--callers 2000 --meetings 200 --window 20 --concurrency "$CONCURRENCY" --number-offset 60000 --plan "$out/profiled-plan.json")
    load "${gw[@]}" "${profiled[@]}" --setup-only >/dev/null
    load "${gw[@]}" "${profiled[@]}" --reuse --warmup 300 --label "gateway, profiled (not a measurement)" \
      --json "$out/gateway-profiled.json" >"$out/gateway-profiled.txt" &
    load_pid=$!
    sleep 5
    "$tools/dotnet-counters" collect -p "$app_pid" --refresh-interval 1 --duration 00:00:00:10 --format csv -o "$out/gateway-counters.csv" \
      --counters System.Runtime >"$out/counters.log" 2>&1 &
    counters_pid=$!
    if "$tools/dotnet-trace" collect-linux -p "$app_pid" --profile cpu-sampling --duration 00:00:00:10 -o "$out/gateway.nettrace" \
        >"$out/trace.log" 2>&1; then
      profile_kind="CPU samples (dotnet-trace collect-linux, cpu-sampling)"
    elif "$tools/dotnet-trace" collect -p "$app_pid" --duration 00:00:00:08 -o "$out/gateway.nettrace" >>"$out/trace.log" 2>&1; then
      profile_kind="thread-time samples (dotnet-trace collect: waiting threads included)"
    fi
    wait "$counters_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
    if [ -n "$profile_kind" ] && [ -s "$out/gateway.nettrace" ]; then
      "$tools/dotnet-trace" report "$out/gateway.nettrace" topN -n 200 --inclusive >"$out/gateway-top-inclusive.txt" 2>&1 || true
    else
      profile_kind=""
    fi
  else
    echo "== dotnet-trace/dotnet-counters could not be installed: no profile." >&2
  fi
fi
stop_app

# ---- What the results page needs besides the JSON reports, so bench/write-results.sh can write it again.
run_date="$(date -u '+%Y-%m-%d %H:%M UTC')"
machine_line="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB memory"
versions_line=".NET SDK $(dotnet --version), $(redis-server --version | cut -d' ' -f1-3)"
source_line="the working tree of $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/IvrGateway 2>/dev/null || echo ' with uncommitted changes in src/IvrGateway')"
[ -n "$GATEWAY_REF" ] && source_line="commit $(git rev-parse --short "$GATEWAY_REF") (git archive of $GATEWAY_REF, not the working tree)"
declare -p run_date machine_line versions_line source_line profile_kind CALLERS MEETINGS WINDOW CONCURRENCY STAY \
  LAT_CALLERS LAT_MEETINGS LAT_WINDOW LAT_CONCURRENCY LAT_REPEAT WARMUP_CALLERS \
  PACED_CALLERS PACED_MEETINGS PACED_WINDOW PACED_CONCURRENCY THINK PACED_STAY PACED_WARMUP CENSUS_CALLERS PROFILE GATEWAY_LOG_LEVEL >"$out/run-info.env"
bash bench/write-results.sh

# ---- Optional: the same apps under wrk, to check that the simulator is not what limits them.
if [ "${WRK:-0}" = 1 ]; then
  bench_cleanup
  bash bench/wrk.sh
fi
