#!/usr/bin/env bash
# Runs the service for local use: makes sure a Redis is there, starts the simulator's fake Twilio
# REST API on http://127.0.0.1:5090 (so Call me rings a simulated phone that presses 1, with no
# Twilio account), starts the gateway in Development on http://127.0.0.1:5080 pointed at it, and
# seeds a demo organizer, contacts and a meeting that is open now, printing the dial-in details.
# Ctrl-C stops the gateway and the fake Twilio (and the Redis this script started).
#   ConnectionStrings__Redis=host:port  use that Redis when it answers
#   IVR_URLS=http://127.0.0.1:5080      where the gateway listens
#   Twilio__ApiBaseUrl=https://api.twilio.com (with Twilio__AccountSid, __ApiKeySid, __ApiKeySecret)
#                                       use a real Twilio account instead of the fake
# With the fake, "Join from this browser" works too: the join pages load a simulated Voice SDK
# (Twilio__VoiceSdkSimulatorUrl, Development only) and the fake Twilio plays the browser's call.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

urls="${IVR_URLS:-http://127.0.0.1:5080}"
data="$PWD/.data"
mkdir -p "$data/redis"
started_redis=""

ensure_packages redis-cli:redis-tools

configured="${ConnectionStrings__Redis:-}"
first="${configured%%,*}"
if [ -n "$configured" ] && redis_answers "${first%%:*}" "${first##*:}"; then
  echo "Using the Redis at $first (ConnectionStrings__Redis)."
else
  ensure_packages redis-server:redis-server
  port="${IVR_REDIS_PORT:-6390}"
  if ! redis_answers 127.0.0.1 "$port"; then
    # AOF persistence into the ignored .data folder: demo data survives a restart.
    redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --dir "$data/redis" \
      --daemonize yes --pidfile "$data/redis/redis.pid" --logfile "$data/redis/redis.log"
    for _ in $(seq 1 50); do redis_answers 127.0.0.1 "$port" && break; sleep 0.1; done
    started_redis="$port"
    echo "Started redis-server on 127.0.0.1:$port (data in .data/redis)."
  fi
  export ConnectionStrings__Redis="127.0.0.1:$port"
fi

gateway=""
twilio=""
stop() {
  if [ -n "$gateway" ]; then kill -TERM "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true; fi
  if [ -n "$twilio" ]; then kill -TERM "$twilio" 2>/dev/null || true; wait "$twilio" 2>/dev/null || true; fi
  if [ -n "$started_redis" ]; then redis-cli -p "$started_redis" shutdown >/dev/null 2>&1 || true; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

dotnet build src/IvrGateway -v quiet -nologo -clp:ErrorsOnly
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# Join links (and the fake Twilio's allowed origin) name the address the gateway listens on.
export Gateway__PublicBaseUrl="${Gateway__PublicBaseUrl:-${urls%%;*}}"

# The fake Twilio and the gateway read the same Twilio__* settings, so they agree on the account, the
# API key and the auth token that signs the placed calls' webhooks (the simulator's default is the
# gateway's Development token).
fake_port="${IVR_FAKE_TWILIO_PORT:-5090}"
export Twilio__ApiBaseUrl="${Twilio__ApiBaseUrl:-http://127.0.0.1:$fake_port}"
if [ "$Twilio__ApiBaseUrl" = "http://127.0.0.1:$fake_port" ]; then
  export Twilio__AccountSid="${Twilio__AccountSid:-AC00000000000000000000000000000000}"
  export Twilio__ApiKeySid="${Twilio__ApiKeySid:-SK00000000000000000000000000000000}"
  export Twilio__ApiKeySecret="${Twilio__ApiKeySecret:-dev-api-key-secret-not-a-real-secret}"
  export Twilio__TwimlAppSid="${Twilio__TwimlAppSid:-AP00000000000000000000000000000000}"
  # The simulated SDK is refused outside Development (real invitees must never "join" a call nobody hears).
  if [ "$ASPNETCORE_ENVIRONMENT" = "Development" ]; then export Twilio__VoiceSdkSimulatorUrl="$Twilio__ApiBaseUrl"; fi
  dotnet build src/IvrGateway.Simulator -v quiet -nologo -clp:ErrorsOnly
  (exec dotnet src/IvrGateway.Simulator/bin/Debug/net10.0/IvrGateway.Simulator.dll twilio --port "$fake_port" \
    --voice-url "${urls%%;*}/voice/client" >"$data/fake-twilio.log" 2>&1) &
  twilio=$!
  echo "Fake Twilio REST API on http://127.0.0.1:$fake_port (log: .data/fake-twilio.log): Call me rings a simulated phone that presses 1;"
  echo "  it also plays the join page's \"Join from this browser\" (simulated audio)."
fi
# The built app runs directly (not under 'dotnet run') so that stopping this script stops it.
(cd src/IvrGateway && exec dotnet bin/Debug/net10.0/IvrGateway.dll \
  --urls "$urls" --Demo:Seed=true --Demo:StateFile="$data/demo.json" --Mail:OutboxDirectory="$data/outbox") &
gateway=$!
echo "Mail is written to .data/outbox (no Mail:Smtp:Host): see $urls/dev/outbox"
wait "$gateway"
