#!/usr/bin/env bash
# Soak: MINUTES (default 10) at 60% of the measured capacity of POST /charge, with Redis killed and
# restarted every 2 minutes. Reports requests, answers by status, duplicate charges (must be 0),
# heap and RSS over time, and a plot. Not part of CI.
#
#   bench/soak.sh [minutes=10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
MINUTES=${1:-10}
SCHEMA=payments_soak
REDIS_PORT=16379
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/soak-$STAMP
mkdir -p "$OUT"
bench_tools
bench_jar
bench_psql -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"

start_redis() { redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & REDIS_PID=$!; sleep 0.3; }
start_redis
cleanup() { bench_stop; kill "$REDIS_PID" 2>/dev/null || true; kill "${SAMPLER_PID:-}" "${CHAOS_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

bench_tokens 1000 "$OUT/tokens.lua" soak-user
bench_start "$SCHEMA" SPRING_DATA_REDIS_PORT=$REDIS_PORT PAYMENTS_RATELIMIT_CAPACITY=1000000

echo "measuring capacity (20 s, 16 connections)..."
wrk -t2 -c16 -d5s -s bench/wrk/charge.lua "http://localhost:$BENCH_PORT" >/dev/null 2>&1 || true  # warm-up
CAPACITY=$(TOKENS="$OUT/tokens.lua" RUN_ID=cap wrk -t2 -c16 -d20s -s bench/wrk/charge.lua "http://localhost:$BENCH_PORT" \
  | awk '/Requests\/sec/ {print $2}')
TARGET=$(python3 -c "print(round(0.6 * $CAPACITY, 1))")
PACE_MS=$(python3 -c "print(max(1, int(16 * 1000 / $TARGET)))")
echo "capacity ${CAPACITY} req/s -> soak at ${TARGET} req/s (16 connections, ${PACE_MS} ms apart)"
BEFORE=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges")

( # sample heap and RSS every 5 s
  echo "seconds,heap_mb,rss_mb" > "$OUT/memory.csv"
  start=$(date +%s)
  while kill -0 "$SERVICE_PID" 2>/dev/null; do
    heap=$(curl -sf "localhost:$BENCH_PORT/actuator/prometheus" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.1f", s/1048576}')
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$SERVICE_PID/status)
    echo "$(( $(date +%s) - start )),$heap,$rss" >> "$OUT/memory.csv"
    sleep 5
  done ) & SAMPLER_PID=$!
( # kill Redis every 2 minutes, restart it 5 s later
  while true; do sleep 115; kill -9 "$REDIS_PID" 2>/dev/null; echo "$(date -u +%T) redis killed" >> "$OUT/chaos.log"; sleep 5
    redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & REDIS_PID=$!
    echo "$(date -u +%T) redis restarted" >> "$OUT/chaos.log"; done ) & CHAOS_PID=$!

TOKENS="$OUT/tokens.lua" RUN_ID="soak$STAMP" PACE_MS=$PACE_MS \
  wrk -t2 -c16 -d"${MINUTES}m" --timeout 10s -s bench/wrk/charge.lua "http://localhost:$BENCH_PORT" | tee "$OUT/wrk.txt"
kill "$CHAOS_PID" "$SAMPLER_PID" 2>/dev/null || true

AFTER=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.charges")
DUPLICATES=$(bench_psql -c "SELECT count(*) - count(DISTINCT processor_charge_id) FROM $SCHEMA.charges")
ORPHANS=$(bench_psql -c "SELECT count(*) FROM $SCHEMA.processor_ledger l LEFT JOIN $SCHEMA.charges c USING (processor_charge_id) WHERE c.id IS NULL")
CREATED=$(grep STATUSES "$OUT/wrk.txt" | grep -o '201=[0-9]*' | cut -d= -f2)
gnuplot <<PLOT
set terminal png size 900,450
set output "$OUT/memory.png"
set datafile separator ","
set key autotitle columnhead noenhanced
set xlabel "seconds"; set ylabel "MiB"; set title "Soak: heap and RSS (Redis killed every 2 min)"
plot "$OUT/memory.csv" using 1:2 with lines, "" using 1:3 with lines
PLOT
cat > "$OUT/report.md" <<REPORT
# Soak $STAMP

- ${MINUTES} min at ${TARGET} req/s (60% of ${CAPACITY} req/s measured first), 16 connections, 1000 users,
  Redis killed every 2 min ($(grep -c killed "$OUT/chaos.log" 2>/dev/null || echo 0) times).
- Requests: $(awk '/requests in/ {print $1}' "$OUT/wrk.txt"); answers by status: $(grep STATUSES "$OUT/wrk.txt" | cut -d' ' -f2-)
- Charges recorded during the soak: $((AFTER - BEFORE)); 201 answers: ${CREATED:-0}
- Duplicate charges (same processor charge twice): **${DUPLICATES}** (must be 0)
- Processor charges without a recorded charge: ${ORPHANS} (503 lost answers that were not retried)
- Memory over time: memory.csv, memory.png

$(grep -E "Latency|PERCENTILE" "$OUT/wrk.txt")
REPORT
cat "$OUT/report.md"
[ "$DUPLICATES" = 0 ]
