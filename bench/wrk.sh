#!/usr/bin/env bash
# Is the load tool the bottleneck? Measures the baseline and the gateway with wrk and with the simulator's
# latency run in one session, and adds the figures to bench/RESULTS-wrk.md.
#
#   bench/wrk.sh              on its own (about 6 minutes)
#   WRK=1 bench/run.sh        at the end of the full benchmark
#
# It builds the apps in Release (bench/lib.sh, shared with bench/run.sh), starts a private redis-server,
# then for the baseline and then the gateway (Redis flushed between them):
#   - the simulator's latency run, as bench/run.sh runs it;
#   - wrk at the same concurrency (WRK_CONNECTIONS connections, each one request at a time, as the
#      latency run's 100 request loops), two phases per run: every caller's first webhook
#      (/voice/incoming), then every caller's access-code step with its meeting's code, the URL being
#      the one the app's own Gather asked for (route and attempt included). The requests are signed
#      before the run (bench/wrk-requests.py: distinct CallSids and caller numbers, X-Twilio-Signature as
#      Twilio computes it) and sent once each (bench/wrk-requests.lua), so the gateway does every step's
#      real work: nothing is a replay. Every answer is checked for the normal next prompt. An unmeasured
#      warm-up (WRK_WARMUP calls) comes first; each run is sized from the run before to about WRK_SECONDS per phase.
# The two tools take turns, WRK_REPEAT runs each per app, and the fastest run of each tool counts.
# The gateway's meetings come from the simulator's set-up (load --setup-only), as the load command makes
# them. The gateway runs as in bench/run.sh except Voice:BruteForce:PooledLookups, raised from 50,000 to
# 1,000,000 lookups an hour: the load tools' callers are all unattested callers of one dialed number, and
# a session makes more than 50,000 lookups (the refusals would be cheap answers, not the step's work).
# Every figure is read at the same instants for both tools: CPU of the load tool, the app, Redis and
# the machine from /proc, Redis commands from INFO commandstats, and the load average before each run.
#
# Parameters (environment):
#   LAT_CALLERS LAT_MEETINGS LAT_CONCURRENCY             the simulator's latency run, as bench/run.sh (3000 300 100)
#   WARMUP_CALLERS STAY                                  its warm-up calls and counted stay (600 1)
#   WRK_CONNECTIONS                                      wrk's connections (LAT_CONCURRENCY)
#   WRK_THREADS                                          wrk's threads (1: on 2 cores one thread leaves the other core's
#                                                        time to the app; its CPU is in the results)
#   WRK_CPUS                                             pin wrk to these cores with taskset (e.g. 1); unset: not pinned
#   WRK_SECONDS WRK_WARMUP                               length of a measured wrk phase, its warm-up calls (8 3000)
#   WRK_REPEAT                                           runs per tool and app (3)
#   WRK_SIMULATOR                                        0: wrk only, no simulator runs (1)
#   WRK_KEEP                                             sessions kept in bench/RESULTS-wrk.md, this one included (4)
#   QUIET_PERCENT GATEWAY_REF GATEWAY_LOG_LEVEL          as in bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

LAT_CALLERS="${LAT_CALLERS:-3000}" LAT_MEETINGS="${LAT_MEETINGS:-300}" LAT_CONCURRENCY="${LAT_CONCURRENCY:-100}"
WARMUP_CALLERS="${WARMUP_CALLERS:-600}" STAY="${STAY:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-$LAT_CONCURRENCY}" WRK_THREADS="${WRK_THREADS:-1}" WRK_CPUS="${WRK_CPUS:-}"
WRK_SECONDS="${WRK_SECONDS:-8}" WRK_REPEAT="${WRK_REPEAT:-3}" WRK_WARMUP="${WRK_WARMUP:-3000}" WRK_SIMULATOR="${WRK_SIMULATOR:-1}"
WRK_KEEP="${WRK_KEEP:-4}"
GATEWAY_REF="${GATEWAY_REF:-}" GATEWAY_LOG_LEVEL="${GATEWAY_LOG_LEVEL:-}" QUIET_PERCENT="${QUIET_PERCENT:-10}"

. scripts/lib.sh
ensure_packages wrk:wrk
for tool in redis-server redis-cli jq curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "bench/wrk.sh needs $tool (apt-get install redis-server jq curl openssl python3)." >&2; exit 1; }
done

out="$root/bench/out/wrk"
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
clock_ticks="$(getconf CLK_TCK)"
wrk_pin=()
[ -n "$WRK_CPUS" ] && wrk_pin=(taskset -c "$WRK_CPUS")
next_caller=0   # wrk callers' indices: a caller (CallSid and number) is never used twice in a session
seed="$(openssl rand -hex 8)"

# Every command Redis ran so far, those inside scripts included, the INFO commands that read it left out.
redis_commands() {
  redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" { s += $3 } END { print s + 0 }'
}

# Run I of the simulator's latency run, as bench/run.sh runs it (its own warm-up, numbers and meetings per run).
latency_run() {
  local name="$1" i="$2"
  shift 2
  wait_quiet
  local before
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  load "$@" --callers "$LAT_CALLERS" --meetings "$LAT_MEETINGS" --window 0 --concurrency "$LAT_CONCURRENCY" --stay "$STAY" \
    --warmup "$WARMUP_CALLERS" --number-offset $((30000 + (i - 1) * LAT_CALLERS)) \
    --label "$name, latency run" --json "$out/$name-latency-$i.json" >"$out/$name-latency-$i.txt"
  jq --arg before "$before" '. + {loadAverageBefore: $before}' "$out/$name-latency-$i.json" >"$out/$name-latency-$i.tmp"
  mv "$out/$name-latency-$i.tmp" "$out/$name-latency-$i.json"
  echo "   $name, simulator latency run $i: $(jq '.rates.webhooksPerSecond' "$out/$name-latency-$i.json") webhooks/s"
}

# One wrk phase: sends the requests in $prefix.<thread>.req once each; writes $summary (JSON).
wrk_phase() {
  local prefix="$1" expected="$2" summary="$3" count="$4" rate_guess="$5" label="$6"
  rm -f "$summary".*.done
  # A bound only: the script ends the run when the last answer is in. Generous, as a slow run is still a result.
  local limit=$(( count / (rate_guess > 50 ? rate_guess : 50) * 4 + 30 ))
  wait_quiet
  local load_avg commands_before
  load_avg="$(cut -d' ' -f1-3 /proc/loadavg)"
  commands_before="$(redis_commands)"
  echo "${wrk_pin[*]:+${wrk_pin[*]} }wrk -t $WRK_THREADS -c $WRK_CONNECTIONS -d ${limit}s --timeout 15s -s bench/wrk-requests.lua http://127.0.0.1:$port -- $prefix '$expected' $summary $WRK_THREADS $app_pid $redis_pid $clock_ticks" >>"$commands"
  "${wrk_pin[@]}" wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "${limit}s" --timeout 15s -s bench/wrk-requests.lua "http://127.0.0.1:$port" \
    -- "$prefix" "$expected" "$summary" "$WRK_THREADS" "$app_pid" "$redis_pid" "$clock_ticks" >"$summary.txt"
  local commands_after
  commands_after="$(redis_commands)"
  jq --arg name "$label" --arg load "$load_avg" --argjson redis "$((commands_after - commands_before))" \
    '. + {"label": $name, "loadAverageBefore": $load, "redisCommands": $redis}' "$summary" >"$summary.tmp"
  mv "$summary.tmp" "$summary"
  rm -f "$prefix".*.req "$summary".*.done
  local normal other
  normal="$(jq .normal "$summary")" other="$(jq .other "$summary")"
  echo "   $label: $(jq .perSecond "$summary") webhooks/s ($normal normal answers, $other other; wrk CPU $(jq .cpuSeconds.tool "$summary") s)"
  if [ "$other" != 0 ] || [ "$(jq .answered "$summary")" != "$count" ]; then
    echo "   !! not every request got the normal answer: see $summary (other_samples)" >&2
  fi
}

# One wrk run of COUNT new callers: their first webhook, then their access-code step. Sets last_rates.
wrk_run() {
  local name="$1" tag="$2" count="$3" rate_guess="$4" label="$5"
  local first="$next_caller"
  next_caller=$((next_caller + count))
  local make=(python3 bench/wrk-requests.py make --base "http://127.0.0.1:$port" --seed "$seed" --first "$first" --count "$count"
    --threads "$WRK_THREADS")
  WRK_AUTH_TOKEN="$auth_token" "${make[@]}" --step incoming --out "$out/$name-$tag-incoming"
  wrk_phase "$out/$name-$tag-incoming" "$expected_incoming" "$out/$name-$tag-incoming.json" "$count" "$rate_guess" "$label, first webhook"
  WRK_AUTH_TOKEN="$auth_token" "${make[@]}" --step code --action "$action" "${plan_arg[@]}" --out "$out/$name-$tag-code"
  wrk_phase "$out/$name-$tag-code" "$expected_code" "$out/$name-$tag-code.json" "$count" "$rate_guess" "$label, access-code step"
  jq -n --slurpfile a "$out/$name-$tag-incoming.json" --slurpfile b "$out/$name-$tag-code.json" \
    '{requests: ($a[0].answered + $b[0].answered), seconds: ($a[0].seconds + $b[0].seconds),
      perSecond: (($a[0].answered + $b[0].answered) / ($a[0].seconds + $b[0].seconds) * 10 | round / 10)}' >"$out/$name-$tag.json"
}

# The first step's Gather: where the access code goes, with the route and attempt the app chose; then wrk's
# warm-up, which also sizes the first measured run (wrk_count).
wrk_prepare() {
  local name="$1"
  action="$(WRK_AUTH_TOKEN="$auth_token" python3 bench/wrk-requests.py probe --base "http://127.0.0.1:$port")"
  expected_incoming="action=\"${action//&/&amp;}\""
  expected_code="/voice/step/passcode"
  echo "   the first step asks for the access code at $action"
  wrk_run "$name" warmup "$WRK_WARMUP" 500 "$name, wrk warm-up (not measured)"
  wrk_size "$out/$name-warmup.json"
}

# Sizes the next wrk run from the last one's rate: about WRK_SECONDS per phase. A cold warm-up under other load
# can be many times slower than the app's speed, so every measured run sizes the next one again.
wrk_size() {
  wrk_rate="$(jq '.perSecond | floor' "$1")"
  wrk_count=$(( wrk_rate * WRK_SECONDS ))
  [ "$wrk_count" -lt 5000 ] && wrk_count=5000
  [ "$wrk_count" -gt 200000 ] && wrk_count=200000
  return 0
}

# The runs of one app, the two tools taking turns (simulator run i, then wrk run i), so a change in the
# machine's other load between runs hits both tools alike. The fastest run of each tool counts.
measure() {
  local name="$1" i best_sim="" best_wrk="" best_sim_rate=-1 best_wrk_rate=-1 rate
  shift
  wrk_prepare "$name"
  for i in $(seq 1 "$WRK_REPEAT"); do
    if [ "$WRK_SIMULATOR" = 1 ]; then
      latency_run "$name" "$i" "$@"
      rate="$(jq '.rates.webhooksPerSecond' "$out/$name-latency-$i.json")"
      if [ "$(jq -n "$rate > $best_sim_rate")" = true ]; then best_sim="$i" best_sim_rate="$rate"; fi
    fi
    wrk_run "$name" "run$i" "$wrk_count" "$wrk_rate" "$name, wrk run $i"
    rate="$(jq .perSecond "$out/$name-run$i.json")"
    echo "   $name, wrk run $i: $rate webhooks/s over both phases"
    wrk_size "$out/$name-run$i.json"
    if [ "$(jq -n "$rate > $best_wrk_rate")" = true ]; then best_wrk="$i" best_wrk_rate="$rate"; fi
  done
  [ -n "$best_sim" ] && cp "$out/$name-latency-$best_sim.json" "$out/$name-latency.json"
  echo "$best_wrk" >"$out/$name-wrk-best.txt"
}

# ---- The baseline.
start_baseline
plan_arg=()
measure baseline --gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --no-setup --redis "127.0.0.1:$redis_port" --gateway-pid "$app_pid"
stop_app
redis-cli -p "$redis_port" flushall >/dev/null

# ---- The gateway.
start_gateway Voice__BruteForce__PooledLookups=1000000
gw=(--gateway "http://127.0.0.1:$port" --auth-token "$auth_token" --admin-key "$admin_key" --redis "127.0.0.1:$redis_port" --gateway-pid "$app_pid")
# The meetings the wrk callers dial into, made as the load command makes them; caller k dials meeting k mod LAT_MEETINGS.
load "${gw[@]}" --callers "$LAT_MEETINGS" --meetings "$LAT_MEETINGS" --number-offset 150000 --plan "$out/plan.json" --setup-only >/dev/null
plan_arg=(--plan "$out/plan.json")
measure gateway "${gw[@]}"
stop_app

# ---- What the page needs besides the JSON reports.
cat >"$out/session.env" <<EOF
run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
machine=$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB memory
versions=.NET SDK $(dotnet --version), $(redis-server --version | cut -d' ' -f1-3), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)
source=$( [ -n "$GATEWAY_REF" ] && echo "commit $(git rev-parse --short "$GATEWAY_REF")" || echo "the working tree of $(git rev-parse --short HEAD)" )
wrk_threads=$WRK_THREADS
wrk_connections=$WRK_CONNECTIONS
wrk_cpus=${WRK_CPUS:-not pinned}
wrk_seconds=$WRK_SECONDS
wrk_repeat=$WRK_REPEAT
wrk_warmup=$WRK_WARMUP
lat_callers=$LAT_CALLERS
lat_meetings=$LAT_MEETINGS
lat_concurrency=$LAT_CONCURRENCY
simulator=$WRK_SIMULATOR
EOF
python3 bench/wrk-results.py "$out" bench/RESULTS-wrk.md "$WRK_KEEP"
