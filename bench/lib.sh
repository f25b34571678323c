# Shared by bench/run.sh, bench/wrk.sh and bench/redis-memory.sh. Sourced, not executed.
#
# The caller sets root (the repository) and out (its output folder) before sourcing, and
# QUIET_PERCENT and GATEWAY_REF (may be empty). After start_redis, new_secrets and start_baseline or
# start_gateway it has: redis_port, redis_pid, auth_token, admin_key, ops_key, port, app_pid.
# bench_cleanup stops every process these functions started; the caller installs it as its EXIT trap.

redis_pid="" app_pid="" redis_port="" port="" gateway_src="$root"
simulator_dll=src/IvrGateway.Simulator/bin/Release/net10.0/IvrGateway.Simulator.dll

stop_app() {
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
  fi
}

bench_cleanup() {
  stop_app
  if [ -n "$redis_pid" ]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  fi
}

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
    kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped while starting; see its log in $out." >&2; return 1; }
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

# Runs the load tool, recording the exact command line in $commands (secrets shown as their variable names).
load() {
  local shown
  shown="dotnet $simulator_dll load $(printf '%q ' "$@")"
  shown="${shown//$auth_token/\$AUTH_TOKEN}"
  shown="${shown//$admin_key/\$ADMIN_KEY}"
  echo "$shown" >>"$commands"
  wait_quiet
  local status=0
  dotnet "$simulator_dll" load "$@" || status=$?
  # 12: the run finished but some calls failed, which the report shows; anything else is fatal.
  [ "$status" = 0 ] || [ "$status" = 12 ] || { echo "The load tool failed (exit $status)." >&2; exit "$status"; }
}

# The gateway (from GATEWAY_REF when set: git archive into $out/gateway-src), the baseline and the simulator, in Release.
build_release() {
  gateway_src="$root"
  if [ -n "$GATEWAY_REF" ]; then
    gateway_src="$out/gateway-src"
    mkdir -p "$gateway_src"
    git archive "$GATEWAY_REF" | tar -x -C "$gateway_src"
  fi
  dotnet build -c Release "$gateway_src/src/IvrGateway" -v quiet -nologo -clp:ErrorsOnly
  dotnet build -c Release bench/Baseline -v quiet -nologo -clp:ErrorsOnly
  dotnet build -c Release src/IvrGateway.Simulator -v quiet -nologo -clp:ErrorsOnly
}

# A private redis-server without persistence on a free loopback port.
start_redis() {
  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --logfile "$out/redis.log" --dir "$out" &
  redis_pid=$!
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  echo "== redis-server on 127.0.0.1:$redis_port (pid $redis_pid)"
}

# Fresh secrets for one run: the auth token signs the webhooks, the admin key creates the meetings.
new_secrets() {
  auth_token="$(openssl rand -hex 16)"
  admin_key="admin-$(openssl rand -hex 16)"
  ops_key="ops-$(openssl rand -hex 16)"
}

# The baseline: the same webhooks with trivial work behind them.
start_baseline() {
  port="$(free_port)"
  echo "== Baseline on 127.0.0.1:$port"
  (cd bench/Baseline && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Redis="127.0.0.1:$redis_port" Twilio__AuthToken="$auth_token" \
    exec dotnet bin/Release/net10.0/Baseline.dll --urls "http://127.0.0.1:$port") >"$out/baseline.log" 2>&1 &
  app_pid=$!
  # The baseline has no health route; any answer (403 without a signature) means it listens.
  local code
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/voice/status" || true)"
    [ "$code" = 403 ] && break
    sleep 0.5
  done
}

# The gateway: Release, Production, fresh secrets. Extra NAME=value arguments are added to its environment.
start_gateway() {
  port="$(free_port)"
  echo "== Gateway on 127.0.0.1:$port (from ${GATEWAY_REF:-the working tree})"
  local gateway_env=(
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
  [ -n "${GATEWAY_LOG_LEVEL:-}" ] && gateway_env+=(Logging__LogLevel__Default="$GATEWAY_LOG_LEVEL")
  gateway_env+=("$@")
  (cd "$gateway_src/src/IvrGateway" && exec env "${gateway_env[@]}" dotnet bin/Release/net10.0/IvrGateway.dll --urls "http://127.0.0.1:$port") \
    >"$out/gateway.log" 2>&1 &
  app_pid=$!
  wait_ready "http://127.0.0.1:$port/health/ready"
}
