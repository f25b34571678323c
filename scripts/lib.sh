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
