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

redis_pid="" app_pid="" redis_port=""
stop_app() {
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
  fi
}
cleanup() {
  stop_app
  if [ -n "$redis_pid" ]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_ready() {
  local url="$1" i
  for i in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
    kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped while starting; see its log in bench/out." >&2; return 1; }
    sleep 0.5
  done
  echo "The app did not answer $url in 60 s." >&2
  return 1
}

# Busy share of the whole machine over 2 s, in percent, from /proc/stat.
busy_percent() {
  local a b
  a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  local busy=$(( (b[1] + b[2] + b[3] + b[6] + b[7] + b[8]) - (a[1] + a[2] + a[3] + a[6] + a[7] + a[8]) ))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
  echo $(( 100 * busy / (busy + idle + 1) ))
}

# Other work on the machine (a build, a test run) takes cores from the apps: wait for it to pass.
wait_quiet() {
  local i busy
  for i in $(seq 1 60); do
    busy="$(busy_percent)"
    [ "$busy" -lt "$QUIET_PERCENT" ] && return 0
    [ "$i" = 1 ] && echo "   (the machine is $busy% busy with other work: waiting for it to settle)"
  done
  echo "   (still $busy% busy after 2 minutes: measuring anyway; see 'CPU of other processes' in the results)"
}

# Runs the load tool, recording the exact command line (secrets shown as their variable names).
load() {
  local shown
  shown="dotnet src/IvrGateway.Simulator/bin/Release/net10.0/IvrGateway.Simulator.dll load $(printf '%q ' "$@")"
  shown="${shown//$auth_token/\$AUTH_TOKEN}"
  shown="${shown//$admin_key/\$ADMIN_KEY}"
  echo "$shown" >>"$commands"
  wait_quiet
  local status=0
  dotnet src/IvrGateway.Simulator/bin/Release/net10.0/IvrGateway.Simulator.dll load "$@" || status=$?
  # 12: the run finished but some calls failed, which the report shows; anything else is fatal.
  [ "$status" = 0 ] || [ "$status" = 12 ] || { echo "The load tool failed (exit $status)." >&2; exit "$status"; }
}

echo "== Building (Release)"
gateway_src="$root"
if [ -n "$GATEWAY_REF" ]; then
  gateway_src="$out/gateway-src"
  mkdir -p "$gateway_src"
  git archive "$GATEWAY_REF" | tar -x -C "$gateway_src"
fi
dotnet build -c Release "$gateway_src/src/IvrGateway" -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release bench/Baseline -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release src/IvrGateway.Simulator -v quiet -nologo -clp:ErrorsOnly

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  --logfile "$out/redis.log" --dir "$out" &
redis_pid=$!
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
echo "== redis-server on 127.0.0.1:$redis_port (pid $redis_pid)"

auth_token="$(openssl rand -hex 16)"
admin_key="admin-$(openssl rand -hex 16)"
ops_key="ops-$(openssl rand -hex 16)"
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
port="$(free_port)"
echo "== Baseline on 127.0.0.1:$port"
(cd bench/Baseline && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Redis="127.0.0.1:$redis_port" Twilio__AuthToken="$auth_token" \
  exec dotnet bin/Release/net10.0/Baseline.dll --urls "http://127.0.0.1:$port") >"$out/baseline.log" 2>&1 &
app_pid=$!
# The baseline has no health route; any answer (403 without a signature) means it listens.
for _ in $(seq 1 120); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/voice/status" || true)"
  [ "$code" = 403 ] && break
  sleep 0.5
done
base=(--gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --no-setup "${redis_arg[@]}" --gateway-pid "$app_pid")
latency_runs baseline "${base[@]}"
load "${base[@]}" "${paced_args[@]}" --label "baseline, paced run" --json "$out/baseline-paced.json"
load "${base[@]}" "${burst_args[@]}" --label "baseline, burst" --json "$out/baseline-burst.json"
stop_app
redis-cli -p "$redis_port" flushall >/dev/null

# ---- The gateway: Release, Production, fresh secrets.
port="$(free_port)"
echo "== Gateway on 127.0.0.1:$port (from ${GATEWAY_REF:-the working tree})"
gateway_env=(
  ASPNETCORE_ENVIRONMENT=Production
  ConnectionStrings__Redis="127.0.0.1:$redis_port"
  Twilio__AuthToken="$auth_token"
  Gateway__AdminApiKey="$admin_key"
  Gateway__OpsApiKey="$ops_key"
  Gateway__CodeSecret="$(openssl rand -base64 32)"
  Gateway__PublicBaseUrl="https://meet.example.com"   # join links only; Production insists on https
  Gateway__DialInNumbers__0__number=+15557650000
  Gateway__DialInNumbers__0__country=US
  # Invitations for the set-up's meetings go to a folder here, and the mail worker waits an hour before its
  # first round: the runs measure the webhook path, not composing thousands of invitations beside it.
  Mail__OutboxDirectory="$out/mail"
  Mail__Outbox__PollSeconds=3600
)
[ -n "$GATEWAY_LOG_LEVEL" ] && gateway_env+=(Logging__LogLevel__Default="$GATEWAY_LOG_LEVEL")
(cd "$gateway_src/src/IvrGateway" && exec env "${gateway_env[@]}" dotnet bin/Release/net10.0/IvrGateway.dll --urls "http://127.0.0.1:$port") \
  >"$out/gateway.log" 2>&1 &
app_pid=$!
wait_ready "http://127.0.0.1:$port/health/ready"
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
