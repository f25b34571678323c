#!/usr/bin/env bash
# Measures what Redis holds per meeting and per call (docs/operations.md, "Redis requirements").
#
#   bench/redis-memory.sh                        1,000 meetings, 10,000 calls
#   MEETINGS=200 CALLERS=2000 bench/redis-memory.sh
#
# Starts a private redis-server (no persistence) and the gateway (Release, Production, the mail
# worker idle so the outbox keeps every invitation), then: the load tool's set-up creates MEETINGS
# meetings with unique passcodes for CALLERS invitees (organizers, address books, invitations in the
# outbox), and a run places CALLERS calls that each bridge, stay a second and hang up (status
# callback). After each phase it reads INFO memory (used_memory) and MEMORY USAGE of every key,
# grouped by key family, into bench/out/redis-memory.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
MEETINGS="${MEETINGS:-1000}" CALLERS="${CALLERS:-10000}"
out="$root/bench/out"
mkdir -p "$out"
report="$out/redis-memory.txt"

. bench/lib.sh
trap bench_cleanup EXIT

dotnet build -c Release src/IvrGateway -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release src/IvrGateway.Simulator -v quiet -nologo -clp:ErrorsOnly

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --logfile "$out/memory-redis.log" --dir "$out" &
redis_pid=$!
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG || { echo "redis-server did not start; see $out/memory-redis.log." >&2; exit 1; }
rc() { redis-cli -p "$redis_port" "$@"; }

auth_token="$(openssl rand -hex 16)" admin_key="admin-$(openssl rand -hex 16)" port="$(free_port)"
(cd src/IvrGateway && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  Twilio__AuthToken="$auth_token" Gateway__AdminApiKey="$admin_key" Gateway__OpsApiKey="ops-$(openssl rand -hex 16)" \
  Gateway__CodeSecret="$(openssl rand -base64 32)" Gateway__PublicBaseUrl="https://meet.example.com" \
  Gateway__DialInNumbers__0__number=+15557650000 Gateway__DialInNumbers__0__country=US \
  Mail__OutboxDirectory="$out/memory-mail" Mail__Outbox__PollSeconds=3600 \
  dotnet bin/Release/net10.0/IvrGateway.dll --urls "http://127.0.0.1:$port") >"$out/memory-gateway.log" 2>&1 &
app_pid=$!
wait_ready "http://127.0.0.1:$port/health/ready"

used() { rc info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }
# Bytes per key family: the hash tag's id and per-call or per-member suffixes become *.
families() {
  rc --scan >"$out/memory-keys.txt"
  sed 's/^/MEMORY USAGE "/; s/$/" SAMPLES 0/' "$out/memory-keys.txt" | rc >"$out/memory-sizes.txt"
  paste -d' ' "$out/memory-keys.txt" "$out/memory-sizes.txt" |
    sed -E 's/\{([a-z]+):[^}]*\}/{\1:*}/; s/:calls:(caller|meeting):[^ ]*/:calls:\1:*/; s/:(call|ci|fail|look|lock|meeting):[^ ]*/:\1:*/; s/\{s:\*\}:(fail|look|lock):\*/{s:*}:\1:*/' |
    awk '{ n[$1]++; b[$1] += $2 } END { for (k in n) printf "  %-34s %8d keys %12d bytes\n", k, n[k], b[k] }' | sort
}
sim() { dotnet src/IvrGateway.Simulator/bin/Release/net10.0/IvrGateway.Simulator.dll load --gateway "http://127.0.0.1:$port" \
  --auth-token "$auth_token" --admin-key "$admin_key" --callers "$CALLERS" --meetings "$MEETINGS" --plan "$out/memory-plan.json" "$@"; }

empty=$(used)
{
  echo "redis-memory.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(redis-server --version | cut -d' ' -f3), $MEETINGS meetings, $CALLERS calls"
  echo "started, nothing seeded: used_memory $empty"
} | tee "$report"
sim --setup-only >/dev/null
seeded=$(used)
{
  echo "after the set-up ($MEETINGS meetings, $CALLERS invitees with unique passcodes): used_memory $seeded (+$((seeded - empty)))"
  families
} | tee -a "$report"
sim --reuse --window 60 --concurrency 100 --stay 1 >"$out/memory-load.txt" || [ $? = 12 ]
called=$(used)
{
  echo "after $CALLERS calls: used_memory $called (+$((called - seeded)))"
  families
} | tee -a "$report"
