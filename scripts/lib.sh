# Shared by the run and test commands. Sourced, not executed.

# Installs Debian packages that are missing, as root or through sudo.
ensure_packages() {
  local missing=()
  local pair binary package
  for pair in "$@"; do
    binary="${pair%%:*}"
    package="${pair##*:}"
    command -v "$binary" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Missing ${missing[*]} and not root: install them with apt-get." >&2
      return 1
    fi
  fi
  echo "Installing ${missing[*]} with apt-get ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

# True when a Redis answers PING at host:port.
redis_answers() {
  redis-cli -h "$1" -p "$2" ping 2>/dev/null | grep -q PONG
}

# A loopback port nobody listens on, whose cluster bus port (port + 10000) is free too.
free_cluster_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$((port + 10000))") 2>/dev/null && continue
    echo "$port"
    return 0
  done
}

# Starts a Redis Cluster of three primaries (no replicas) on free loopback ports, with its files under
# the folder $1 and pid files in $IVR_TEST_RUN_DIR (so the caller's exit trap stops it), and waits
# until every node reports cluster_state:ok. Prints the nodes as host:port,host:port,host:port.
start_redis_cluster() {
  local dir=$1 ports=() port node waited
  for node in 1 2 3; do
    port=$(free_cluster_port)
    mkdir -p "$dir/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" \
      --cluster-node-timeout 5000 --dir "$dir/$port" --save "" --appendonly no \
      --daemonize yes --pidfile "$IVR_TEST_RUN_DIR/redis-$port.pid" --logfile "$dir/$port/redis.log" || return 1
    ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for waited in $(seq 1 100); do redis_answers 127.0.0.1 "$port" && break; sleep 0.1; done
    redis_answers 127.0.0.1 "$port" || { echo "Redis Cluster node on port $port did not start." >&2; return 1; }
  done
  redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 ||
    { echo "redis-cli --cluster create failed:" >&2; cat "$dir/create.log" >&2; return 1; }
  for port in "${ports[@]}"; do
    for waited in $(seq 1 150); do
      redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' && break
      sleep 0.2
    done
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' ||
      { echo "Redis Cluster node on port $port never reached cluster_state:ok." >&2; return 1; }
  done
  local IFS=,
  echo "${ports[*]/#/127.0.0.1:}"
}
