#!/usr/bin/env bash
# The floor of a charge (issue 21): how fast can any JVM service that makes a simulator charge's three
# commits per HTTP request go on this machine? bench/floor/Floor.java is that service with nothing
# else: the JDK's own HTTP server, two JDBC connections per worker (the ledger's with
# synchronous_commit = off, as the simulator's pool), the three statements of
# bench/pgbench-three-commits.sql, a fixed 201 answer. Measured in PAIRS sets of four interleaved
# windows on the same tables: pgbench's three-commit limit, the floor's charges, the service's new
# charges and refused charges (a lower bound of a charge's JVM CPU is a refused charge plus the
# floor's three commits; the report sets it against what a charge may cost at 0.5x).
#
#   bench/floor.sh [seconds per window = 20] [connections = 16] [service warm-up seconds = 150]
#
# REDIS=off runs the service against a Redis port where nothing listens: its breakers open, the limiter
# fails open and the answer cache is skipped, so its charges make no Redis round trip at all (what the
# contract's Redis work costs a charge; the run checks that no request reached Redis).
#
# If the floor itself stays near 0.5x the limit, no service that also authenticates, limits in
# Redis, validates and caches can reach it here; the service's distance from the floor is what the
# framework and the contract's other round trips cost.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${1:-20}
CONNECTIONS=${2:-16}
WARMUP=${3:-150}
FLOOR_WARMUP=${FLOOR_WARMUP:-60}
PAIRS=${PAIRS:-3}
FLOOR_PORT=${FLOOR_PORT:-18090}
SCHEMA=payments_floor
REDIS_ENV=$(bench_redis_env)
bench_begin floor
bench_psql -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
bench_tokens 1000 "$OUT/tokens.lua" bench-user
FLOOR_PID=
stop_all() {
  if [ -n "$FLOOR_PID" ]; then kill "$FLOOR_PID" 2>/dev/null || true; fi
  bench_stop
  rm -rf "$OUT/lib" "$OUT/requests"
}
trap stop_all EXIT
# the service creates the tables (its Flyway migrations); the floor uses them
# shellcheck disable=SC2086 # REDIS_ENV is a list of assignments
bench_start "$SCHEMA" $REDIS_ENV PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=0s
URL="http://localhost:$BENCH_PORT"
FLOOR_URL="http://localhost:$FLOOR_PORT"
# the JDBC driver the service ships, from its own jar
mkdir -p "$OUT/lib"
unzip -q -j -o "$JAR" 'BOOT-INF/lib/postgresql-*.jar' -d "$OUT/lib"
# nodelay: without it the JDK's server waits on delayed ACKs (some 40 ms an answer)
java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$(ls "$OUT"/lib/postgresql-*.jar)" bench/floor/Floor.java "$FLOOR_PORT" \
  "jdbc:postgresql://127.0.0.1:${BENCH_PG_PORT:-5432}/postgres?currentSchema=$SCHEMA" "$CONNECTIONS" \
  > "$OUT/floor.log" 2>&1 &
FLOOR_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$FLOOR_URL/ready" >/dev/null && break
  kill -0 "$FLOOR_PID" 2>/dev/null || { cat "$OUT/floor.log"; exit 1; }
  sleep 0.5
done
curl -sf "$FLOOR_URL/ready" >/dev/null || { echo "the floor did not start" >&2; exit 1; }

echo "1. warm-up: the service ${WARMUP}s, the floor ${FLOOR_WARMUP}s"
TOKENS="$OUT/tokens.lua" RUN_ID="warm$STAMP" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/charge.lua "$URL" >/dev/null
TOKENS="$OUT/tokens.lua" RUN_ID="floorwarm$STAMP" wrk -t2 -c"$CONNECTIONS" -d"${FLOOR_WARMUP}s" -s bench/wrk/charge.lua "$FLOOR_URL/charge" >/dev/null

echo "| window | java (both JVMs) | postgres | redis-server | all programs | cores busy |" > "$OUT/cpu.md"
echo "|---|---:|---:|---:|---:|---:|" >> "$OUT/cpu.md"
echo "window,requests,jvm_ms" > "$OUT/jvm.csv"
cpu_window() { # name pid command...: the command between two CPU snapshots; it leaves its request count in $OUT/requests
  local name=$1 pid=$2; shift 2
  python3 bench/cpu.py snapshot "$OUT/cpu-before.json"
  "$@"
  python3 bench/cpu.py snapshot "$OUT/cpu-after.json"
  local requests; requests=$(cat "$OUT/requests")
  python3 bench/cpu.py row "$name" "$OUT/cpu-before.json" "$OUT/cpu-after.json" "$requests" >> "$OUT/cpu.md"
  local jvm; jvm=$(python3 bench/cpu.py pid "$pid" "$OUT/cpu-before.json" "$OUT/cpu-after.json" "$requests")
  echo "$name,$requests,$jvm" >> "$OUT/jvm.csv"
}
limit_window() {
  bench_pgbench "$SCHEMA" "$CONNECTIONS" "$DURATION" bench/pgbench-three-commits.sql "$OUT/pgbench-$1.txt"
  bench_transactions "$OUT/pgbench-$1.txt" > "$OUT/requests"
}
# wrk_window name expected-status wrk arguments...: fails on any other answer
wrk_window() {
  local name=$1 expected=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$@" > "$OUT/$name.txt"
  if grep -q "Socket errors" "$OUT/$name.txt"; then echo "$name: $(grep "Socket errors" "$OUT/$name.txt")" >&2; exit 1; fi
  awk '/requests in/ {print $1}' "$OUT/$name.txt" > "$OUT/requests"
  local wrong
  wrong=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$OUT/$name.txt")
  if grep -q STATUSES "$OUT/$name.txt"; then
    wrong=$(grep STATUSES "$OUT/$name.txt" | tr ' ' '\n' | awk -F= -v ok="$expected" '$1!=ok && $1!="STATUSES" {s+=$2} END {print s+0}')
  fi
  [ "${wrong:-0}" = 0 ] || { echo "$name: $wrong answers other than $expected" >&2; exit 1; }
}
charges() { # name url
  TOKENS="$OUT/tokens.lua" RUN_ID="$1$STAMP" MODE=new wrk_window "$1" 201 -s bench/wrk/charge.lua "$2"
}
rate() { awk '/Requests\/sec/ {print $2}' "$1"; }

echo "2. baselines, once: the floor's HTTP alone (GET /ready), the service's liveness"
# each after 10 s of itself, so that the JIT compiler is not in its window
wrk -t2 -c"$CONNECTIONS" -d10s "$FLOOR_URL/ready" >/dev/null
cpu_window floor-http "$FLOOR_PID" wrk_window floor-http 200 "$FLOOR_URL/ready"
wrk -t2 -c"$CONNECTIONS" -d10s "$URL/actuator/health/liveness" >/dev/null
cpu_window liveness "$SERVICE_PID" wrk_window liveness 200 "$URL/actuator/health/liveness"
TOKENS="$OUT/tokens.lua" RUN_ID="refusedwarm$STAMP" MODE=refused wrk -t2 -c"$CONNECTIONS" -d10s -s bench/wrk/charge.lua "$URL" >/dev/null

refused() { # set: refused charges (amount 0, a 400 before any claim), which must claim nothing
  local before; before=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.idempotency_keys")
  TOKENS="$OUT/tokens.lua" RUN_ID="refused$1$STAMP" MODE=refused cpu_window "refused-$1" "$SERVICE_PID" \
    wrk_window "refused-$1" 400 -s bench/wrk/charge.lua "$URL"
  [ "$(bench_psql -c "SELECT count(*) FROM $SCHEMA.idempotency_keys")" = "$before" ] \
    || { echo "refused charges claimed keys" >&2; exit 1; }
}
window() { # kind set
  case "$1" in
    limit) cpu_window "limit-$2" 0 limit_window "$2" ;;
    floor) cpu_window "floor-$2" "$FLOOR_PID" charges "floor-$2" "$FLOOR_URL/charge" ;;
    service) cpu_window "service-$2" "$SERVICE_PID" charges "service-$2" "$URL" ;;
    refused) refused "$2" ;;
  esac
}

echo "3. $PAIRS sets of four ${DURATION}s windows: the three-commit limit, the floor, the service, refused charges"
FLOOR_ROWS_BEFORE=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges WHERE id LIKE 'ch_floor_%'")
echo "set,pgbench_three_commits_tps,floor_per_s,service_per_s" > "$OUT/sets.csv"
# Each set starts from a checkpoint, and its order turns (limit, floor, service, refused; then floor,
# service, refused, limit; ...), so that no window always meets the largest tables, a checkpoint's
# writes or the machine's same minute.
KINDS=(limit floor service refused)
for i in $(seq 1 "$PAIRS"); do
  bench_psql -c CHECKPOINT
  for j in 0 1 2 3; do window "${KINDS[$(((i - 1 + j) % 4))]}" "$i"; done
  echo "$i,$(bench_tps "$OUT/pgbench-$i.txt"),$(rate "$OUT/floor-$i.txt"),$(rate "$OUT/service-$i.txt")" >> "$OUT/sets.csv"
  tail -1 "$OUT/sets.csv"
done
FLOOR_ROWS=$(($(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges WHERE id LIKE 'ch_floor_%'") - FLOOR_ROWS_BEFORE))
FLOOR_ANSWERS=$(cat "$OUT"/floor-[0-9]*.txt | grep STATUSES | grep -o ' 201=[0-9]*' | cut -d= -f2 | awk '{s += $1} END {print s + 0}')
DUPLICATES=$(bench_psql -c "SELECT count(*) - count(DISTINCT processor_charge_id) FROM $SCHEMA.charges")
[ "$DUPLICATES" = 0 ] || { echo "$DUPLICATES duplicate processor charges" >&2; exit 1; }
bench_check_no_redis "$URL" "$OUT"

python3 - "$OUT" "$FLOOR_ROWS" "$FLOOR_ANSWERS" "$DURATION" "$CONNECTIONS" "${REDIS:-on}" <<'PY' | tee "$OUT/report.md"
import csv, statistics, sys
out, floor_rows, floor_answers, duration, connections, redis = sys.argv[1:]
med = statistics.median
sets = list(csv.DictReader(open(f"{out}/sets.csv")))
jvm = {r["window"]: float(r["jvm_ms"]) for r in csv.DictReader(open(f"{out}/jvm.csv"))}
cpu = {}
for line in open(f"{out}/cpu.md"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 6 and not cells[0].startswith(("-", "window")):
        cpu[cells[0]] = [float(c) for c in cells[1:]]  # java, postgres, redis, all, busy
print(f"# The floor of a charge, {len(sets)} sets of four {duration} s windows, {connections} connections\n")
if redis == "off":
    print("The service ran without Redis (REDIS=off): the limiter failed open and the answer cache was skipped, "
          "so its charges and refused charges made no Redis round trip.\n")
print("| set | three-commit limit, tps | floor, charges/s | service, charges/s | floor ÷ limit | service ÷ limit "
      "| JVM ms per request: floor charge | service charge | refused charge | lower bound | budget at 0.5× |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
rows = []
for t in sets:
    i = t["set"]
    limit, floor, service = (float(t[k]) for k in ("pgbench_three_commits_tps", "floor_per_s", "service_per_s"))
    java, postgres, redis, total, busy = cpu[f"service-{i}"]
    # At 0.5x the limit, on the cores the service's window kept busy, with Postgres as cheap per charge
    # as a pgbench transaction at the limit (its cheapest: at the charges' own rate it costs more) and
    # Redis and the rest as in the window.
    budget = busy * 1000 / (0.5 * limit) - cpu[f"limit-{i}"][1] - (total - java - postgres)
    # A service charge costs the JVM at least a refused charge (the way in: HTTP, security, the Redis
    # limiter, JSON, validation) plus the floor's three commits (its charge less its HTTP alone).
    bound = jvm[f"refused-{i}"] + jvm[f"floor-{i}"] - jvm["floor-http"]
    rows.append((floor / limit, service / limit, jvm[f"floor-{i}"], jvm[f"service-{i}"], jvm[f"refused-{i}"], bound, budget))
    print(f"| {i} | {limit:.0f} | {floor:.0f} | {service:.0f} | {floor / limit:.2f} | {service / limit:.2f} "
          f"| {jvm[f'floor-{i}']:.2f} | {jvm[f'service-{i}']:.2f} | {jvm[f'refused-{i}']:.2f} | {bound:.2f} | {budget:.2f} |")
m = [med(column) for column in zip(*rows)]
print(f"| median | | | | **{m[0]:.2f}** | **{m[1]:.2f}** | {m[2]:.2f} | {m[3]:.2f} | {m[4]:.2f} | **{m[5]:.2f}** | **{m[6]:.2f}** |\n")
below = sum(1 for r in rows if r[5] < r[6])
print(f"The lower bound is below the budget in {below} of {len(rows)} sets. It leaves out the Redis answer cache, "
      f"the answer's JSON and the simulator's code beyond its statement. The floor's HTTP alone (`GET /ready`) costs "
      f"its JVM {jvm['floor-http']:.2f} ms; a liveness probe costs the service's {jvm['liveness']:.2f} ms.\n")
print(f"The floor wrote {floor_rows} charge rows for {floor_answers} answers 201 (wrk does not count the "
      f"answers still in flight when a window ends: up to {connections} per window).\n")
print("CPU per request (ms) by program; `java` counts both JVMs, the idle one included (jvm.csv has each):\n")
print(open(f"{out}/cpu.md").read())
PY
