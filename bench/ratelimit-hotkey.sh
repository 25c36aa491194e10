#!/usr/bin/env bash
# One hot user against the rate limiter: Bucket4j's compare-and-swap path under contention, with
# and without batching. Reports requests/s, latency and Redis commands per request.
#
#   bench/ratelimit-hotkey.sh [seconds=15] [connections=64]
#
# Needs the local Postgres and Redis of the README; installs wrk from Debian if missing. Not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-64}
PORT=18080
SECRET="bench-secret-at-least-thirty-two-bytes-long"
OUT=bench/results/ratelimit-hotkey-$(date -u +%Y%m%dT%H%M%SZ).md
mkdir -p bench/results
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
./mvnw -q -B -DskipTests package
JAR=$(ls target/payments-*.jar | grep -v plain | head -1)

run() { # name batching capacity
  local name=$1 batching=$2 capacity=$3
  PAYMENTS_JWT_SECRET=$SECRET SERVER_PORT=$PORT \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=payments_bench" \
  SPRING_DATASOURCE_USERNAME=postgres SPRING_FLYWAY_SCHEMAS=payments_bench \
  PAYMENTS_RATELIMIT_CAPACITY=$capacity PAYMENTS_RATELIMIT_PERIOD=1m PAYMENTS_RATELIMIT_BATCHING=$batching \
  PAYMENTS_RATELIMIT_KEYPREFIX="bench:$name:$RANDOM:" \
    java -Xmx256m -jar "$JAR" >/tmp/payments-bench-$name.log 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -sf localhost:$PORT/actuator/health/readiness >/dev/null && break; sleep 0.5; done
  local token; token=$(python3 bench/token.py "$SECRET" "hot-user-$name-$RANDOM")
  # warm up the JIT with another user, so the measured user's bucket starts full
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $(python3 bench/token.py "$SECRET" warmup-$RANDOM)" \
      "http://localhost:$PORT/charges?limit=1" >/dev/null
  local before; before=$(redis-cli info stats | awk -F: '/total_commands_processed/ {print $2+0}')
  local report; report=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
      -H "Authorization: Bearer $token" "http://localhost:$PORT/charges?limit=1")
  local after; after=$(redis-cli info stats | awk -F: '/total_commands_processed/ {print $2+0}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local requests; requests=$(echo "$report" | awk '/requests in/ {print $1}')
  local rps; rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
  local p50 p99; p50=$(echo "$report" | awk '$1=="50%" {print $2}'); p99=$(echo "$report" | awk '$1=="99%" {print $2}')
  local non2xx; non2xx=$(echo "$report" | awk '/Non-2xx/ {print $NF}')
  local per; per=$(python3 -c "print(round(($after-$before)/max($requests,1),2))")
  echo "| $name | $batching | $capacity | $rps | $p50 | $p99 | ${non2xx:-0} | $per |" | tee -a "$OUT"
}

{
  echo "# Hot user against the rate limiter ($(date -u +%FT%TZ))"
  echo
  echo "One user, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s on GET /charges?limit=1, $(nproc) cores, load generator on the same box."
  echo "Non-2xx are the 429s of a binding quota. Redis commands/request counts every command Redis processed."
  echo
  echo "| run | batching | capacity/min | req/s | p50 | p99 | non-2xx | Redis cmds/req |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT"
run open-batched true 1000000
run open-unbatched false 1000000
run binding-batched true 100
run binding-unbatched false 100
echo "Report: $OUT"
