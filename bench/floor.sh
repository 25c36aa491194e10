#!/usr/bin/env bash
# The floor of a charge (issue 21): how fast can any JVM service that makes a simulator charge's three
# commits per HTTP request go on this machine? bench/floor/Floor.java is that service with nothing
# else: the JDK's own HTTP server, one JDBC connection per worker, the three statements of
# bench/pgbench-three-commits.sql, a fixed 201 answer. Measured in PAIRS interleaved triples on the
# same tables: pgbench's three-commit limit, the floor's charges, the service's new charges.
#
#   bench/floor.sh [seconds per window = 20] [connections = 16] [service warm-up seconds = 150]
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
bench_begin floor
bench_psql -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
bench_tokens 1000 "$OUT/tokens.lua" bench-user
FLOOR_PID=
stop_all() { [ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null; bench_stop; rm -rf "$OUT/lib" "$OUT/requests"; }
trap stop_all EXIT
# the service creates the tables (its Flyway migrations); the floor uses them
bench_start "$SCHEMA" PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=0s
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
  echo "$name,$requests,$(python3 bench/cpu.py pid "$pid" "$OUT/cpu-before.json" "$OUT/cpu-after.json" "$requests")" >> "$OUT/jvm.csv"
}
limit_window() {
  bench_pgbench "$SCHEMA" "$CONNECTIONS" "$DURATION" bench/pgbench-three-commits.sql "$OUT/pgbench-$1.txt"
  bench_transactions "$OUT/pgbench-$1.txt" > "$OUT/requests"
}
# wrk_window name expected-status wrk arguments...: fails on any other answer
wrk_window() {
  local name=$1 expected=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$@" > "$OUT/$name.txt"
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

echo "2. baselines, once: the floor's HTTP alone (GET /ready), the service's liveness and refused charges"
cpu_window floor-http "$FLOOR_PID" wrk_window floor-http 200 "$FLOOR_URL/ready"
cpu_window liveness "$SERVICE_PID" wrk_window liveness 200 "$URL/actuator/health/liveness"
TOKENS="$OUT/tokens.lua" RUN_ID="refusedwarm$STAMP" MODE=refused wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/wrk/charge.lua "$URL" >/dev/null
CLAIMS_BEFORE=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.idempotency_keys")
TOKENS="$OUT/tokens.lua" RUN_ID="refused$STAMP" MODE=refused cpu_window refused-charges "$SERVICE_PID" \
  wrk_window refused-charges 400 -s bench/wrk/charge.lua "$URL"
[ "$(bench_psql -c "SELECT count(*) FROM $SCHEMA.idempotency_keys")" = "$CLAIMS_BEFORE" ] \
  || { echo "refused charges claimed keys" >&2; exit 1; }

echo "3. $PAIRS triples of ${DURATION}s windows: the three-commit limit, the floor, the service"
FLOOR_ROWS_BEFORE=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges WHERE id LIKE 'ch_floor_%'")
echo "triple,pgbench_three_commits_tps,floor_per_s,service_per_s" > "$OUT/triples.csv"
for i in $(seq 1 "$PAIRS"); do
  cpu_window "limit-$i" 0 limit_window "$i"
  cpu_window "floor-$i" "$FLOOR_PID" charges "floor-$i" "$FLOOR_URL/charge"
  cpu_window "service-$i" "$SERVICE_PID" charges "service-$i" "$URL"
  echo "$i,$(bench_tps "$OUT/pgbench-$i.txt"),$(rate "$OUT/floor-$i.txt"),$(rate "$OUT/service-$i.txt")" >> "$OUT/triples.csv"
  tail -1 "$OUT/triples.csv"
done
FLOOR_ROWS=$(($(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges WHERE id LIKE 'ch_floor_%'") - FLOOR_ROWS_BEFORE))
FLOOR_ANSWERS=$(cat "$OUT"/floor-[0-9]*.txt | grep STATUSES | grep -o ' 201=[0-9]*' | cut -d= -f2 | awk '{s += $1} END {print s + 0}')
DUPLICATES=$(bench_psql -c "SELECT count(*) - count(DISTINCT processor_charge_id) FROM $SCHEMA.charges")
[ "$DUPLICATES" = 0 ] || { echo "$DUPLICATES duplicate processor charges" >&2; exit 1; }

python3 - "$OUT" "$FLOOR_ROWS" "$FLOOR_ANSWERS" "$DURATION" "$CONNECTIONS" <<'PY' | tee "$OUT/report.md"
import csv, statistics, sys
out, floor_rows, floor_answers, duration, connections = sys.argv[1:]
med = statistics.median
triples = list(csv.DictReader(open(f"{out}/triples.csv")))
jvm = {r["window"]: float(r["jvm_ms"]) for r in csv.DictReader(open(f"{out}/jvm.csv"))}
cpu = {}
for line in open(f"{out}/cpu.md"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 6 and not cells[0].startswith(("-", "window")):
        cpu[cells[0]] = [float(c) for c in cells[1:]]  # java, postgres, redis, all, busy
print(f"# The floor of a charge, {len(triples)} triples of {duration} s windows, {connections} connections\n")
print("| triple | three-commit limit, tps | floor, charges/s | service, charges/s | floor ÷ limit | service ÷ limit "
      "| JVM ms per charge: floor | service | the service's JVM budget at 0.5× |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
budgets = []
for t in triples:
    i = t["triple"]
    limit, floor, service = (float(t[k]) for k in ("pgbench_three_commits_tps", "floor_per_s", "service_per_s"))
    java, postgres, redis, total, busy = cpu[f"service-{i}"]
    # At 0.5x the limit, on the cores the service's window kept busy, with Postgres as cheap per charge
    # as a pgbench transaction at the limit (its cheapest) and Redis and the rest as in the window.
    budget = busy * 1000 / (0.5 * limit) - cpu[f"limit-{i}"][1] - (total - java - postgres)
    budgets.append(budget)
    print(f"| {i} | {limit:.0f} | {floor:.0f} | {service:.0f} | {floor / limit:.2f} | {service / limit:.2f} "
          f"| {jvm[f'floor-{i}']:.2f} | {jvm[f'service-{i}']:.2f} | {budget:.2f} |")
floor_ratio = med([float(t["floor_per_s"]) / float(t["pgbench_three_commits_tps"]) for t in triples])
service_ratio = med([float(t["service_per_s"]) / float(t["pgbench_three_commits_tps"]) for t in triples])
floor_jvm = med([jvm[f"floor-{t['triple']}"] for t in triples])
service_jvm = med([jvm[f"service-{t['triple']}"] for t in triples])
print(f"\nMedians: **floor ÷ limit {floor_ratio:.2f}**, **service ÷ limit {service_ratio:.2f}**; JVM ms per "
      f"charge: floor {floor_jvm:.2f}, service {service_jvm:.2f}; the service's JVM budget at 0.5× {med(budgets):.2f}.\n")
commits = floor_jvm - jvm["floor-http"]
bound = jvm["refused-charges"] + commits
print(f"A lower bound of the service's JVM CPU per charge, from this run: a refused charge "
      f"({jvm['refused-charges']:.2f} ms: HTTP, security, the Redis limiter, JSON, validation, the 400) plus the "
      f"floor's three commits ({commits:.2f} ms: the floor's charge, less its HTTP alone at {jvm['floor-http']:.2f}) "
      f"= **{bound:.2f} ms**, against a budget of {med(budgets):.2f} ms, with no Redis answer cache, no answer "
      f"JSON and none of the simulator's code beyond its statement counted. A liveness probe costs the service's JVM {jvm['liveness']:.2f} ms.\n")
print(f"The floor wrote {floor_rows} charge rows for {floor_answers} answers 201 (wrk does not count the "
      f"answers still in flight when a window ends: up to {connections} per window).\n")
print("CPU per request (ms) by program; `java` counts both JVMs, the idle one included (jvm.csv has each):\n")
print(open(f"{out}/cpu.md").read())
PY
