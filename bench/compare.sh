#!/usr/bin/env bash
# New charges of two revisions in one run, on the same machine state: did a change make a charge
# cheaper or dearer? Builds both jars, measures the pgbench baselines once (two-commit and the
# three-commit shape of a simulator charge), then for each revision a fresh service (own schema), a
# JIT warm-up and a measured window of new charges, with CPU per request by program; then (SLOW=0
# skips it) the slow-processor scenario of bench/run.sh for each revision: a fresh service with a
# ${SLOW_LATENCY_MS:-250} ms processor, ${SLOW_CONNECTIONS:-100} connections of charges and another
# user's reads alongside, after ${SLOW_WARMUP:-60} s of both. Reports each against pgbench and the
# head against the base.
#
#   bench/compare.sh BASE_REV [seconds = 20] [connections = 16] [warm-up seconds = 150]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BASE_REV=${1:?usage: bench/compare.sh BASE_REV [seconds] [connections] [warm-up seconds]}
DURATION=${2:-20}
CONNECTIONS=${3:-16}
WARMUP=${4:-150}
bench_begin compare
WORK=$(mktemp -d)
cp "$JAR" "$WORK/head.jar"
BASE_TREE=$(mktemp -d)
trap 'bench_stop; git worktree remove --force "$BASE_TREE" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
git worktree add -q --detach "$BASE_TREE" "$BASE_REV"
(cd "$BASE_TREE" && ./mvnw -q -B -DskipTests package)
cp "$(ls "$BASE_TREE"/target/payments-*.jar | grep -v plain | head -1)" "$WORK/base.jar"
bench_tokens 1000 "$WORK/tokens.lua" bench-user
URL="http://localhost:$BENCH_PORT"

bench_psql -c "DROP SCHEMA IF EXISTS payments_bench_base CASCADE"
bench_psql -c "DROP SCHEMA IF EXISTS payments_bench_head CASCADE"
echo "revision,charges_per_s,p50_ms,p99_ms,java_cpu_ms,postgres_cpu_ms,redis_cpu_ms" > "$OUT/results.csv"
for side in base head; do
  JAR=$WORK/$side.jar
  echo "$side: $(if [ $side = base ]; then git rev-parse --short "$BASE_REV"; else git rev-parse --short HEAD; fi)"
  bench_start "payments_bench_$side" PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=0s
  if [ $side = base ]; then
    echo "  pgbench baseline: two commits per charge, $CONNECTIONS clients, ${DURATION}s (tables of the base schema)"
    bench_pgbench payments_bench_base "$CONNECTIONS" "$DURATION" bench/pgbench-two-commits.sql "$OUT/pgbench.txt" || true
    bench_pgbench payments_bench_base "$CONNECTIONS" "$DURATION" bench/pgbench-three-commits.sql "$OUT/pgbench-three.txt" || true
  fi
  TOKENS="$WORK/tokens.lua" RUN_ID="warm$side" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/charge.lua "$URL" >/dev/null
  python3 bench/cpu.py snapshot "$WORK/cpu-before.json" "$SERVICE_PID"
  TOKENS="$WORK/tokens.lua" RUN_ID="new$side$STAMP" MODE=new wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/wrk/charge.lua "$URL" > "$OUT/$side.txt"
  python3 bench/cpu.py snapshot "$WORK/cpu-after.json" "$SERVICE_PID"
  python3 bench/cpu.py report "$WORK/cpu-before.json" "$WORK/cpu-after.json" \
    "$(awk '/requests in/ {print $1}' "$OUT/$side.txt")" > "$OUT/cpu-$side.md"
  bench_stop
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$side.txt")
  p50=$(awk '$1=="PERCENTILE" && $2=="50" {print $3}' "$OUT/$side.txt"); p99=$(awk '$1=="PERCENTILE" && $2=="99" {print $3}' "$OUT/$side.txt")
  cpu() { awk -F'|' -v name="$1" '$2 ~ name {gsub(/ /, "", $4); print $4; exit}' "$OUT/cpu-$side.md"; }
  echo "$side,$rps,$p50,$p99,$(cpu java),$(cpu postgres),$(cpu redis)" >> "$OUT/results.csv"
  echo "  $side: $rps charges/s"
done
SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-100}
SLOW_LATENCY_MS=${SLOW_LATENCY_MS:-250}
SLOW_WARMUP=${SLOW_WARMUP:-60}
bench_tokens 1 "$WORK/reader-token.lua" reader-user
echo "revision,charges_per_s,ceiling_ratio,read_p50_ms,read_p99_ms" > "$OUT/slow.csv"
if [ "${SLOW:-1}" != 0 ]; then
  for side in base head; do
    JAR=$WORK/$side.jar
    echo "$side: slow processor, $SLOW_CONNECTIONS connections against ${SLOW_LATENCY_MS} ms"
    bench_start "payments_bench_$side" PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY="${SLOW_LATENCY_MS}ms"
    TOKENS="$WORK/reader-token.lua" wrk -t1 -c2 -d"${SLOW_WARMUP}s" -s bench/wrk/reads.lua "$URL" >/dev/null &
    WARM_READS=$!
    TOKENS="$WORK/tokens.lua" RUN_ID="slowwarm$side$STAMP" MODE=new wrk -t2 -c"$SLOW_CONNECTIONS" -d"${SLOW_WARMUP}s" \
      -s bench/wrk/charge.lua "$URL" >/dev/null
    wait "$WARM_READS"
    TOKENS="$WORK/reader-token.lua" wrk -t1 -c2 -d"${DURATION}s" --latency -s bench/wrk/reads.lua "$URL" > "$OUT/slow-reads-$side.txt" &
    READS=$!
    TOKENS="$WORK/tokens.lua" RUN_ID="slow$side$STAMP" MODE=new wrk -t2 -c"$SLOW_CONNECTIONS" -d"${DURATION}s" --timeout 10s \
      -s bench/wrk/charge.lua "$URL" > "$OUT/slow-$side.txt"
    wait "$READS"
    bench_stop
    rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/slow-$side.txt")
    rp50=$(awk '$1=="PERCENTILE" && $2=="50" {print $3}' "$OUT/slow-reads-$side.txt")
    rp99=$(awk '$1=="PERCENTILE" && $2=="99" {print $3}' "$OUT/slow-reads-$side.txt")
    ratio=$(python3 -c "print(f'{$rps / ($SLOW_CONNECTIONS * 1000 / $SLOW_LATENCY_MS):.2f}')")
    echo "$side,$rps,$ratio,$rp50,$rp99" >> "$OUT/slow.csv"
    echo "  $side: $rps charges/s ($ratio of the ceiling), reads p99 $rp99 ms"
  done
fi
PGBENCH_TPS=$(bench_tps "$OUT/pgbench.txt")
PGBENCH3_TPS=$(bench_tps "$OUT/pgbench-three.txt")
python3 - "$OUT" "$PGBENCH_TPS" "$PGBENCH3_TPS" <<'PY' | tee "$OUT/report.md"
import csv, sys
out, pg, pg3 = sys.argv[1], float(sys.argv[2] or 0), float(sys.argv[3] or 0)
rows = {r["revision"]: r for r in csv.DictReader(open(f"{out}/results.csv"))}
print("| revision | charges/s | / pgbench three-commit | / pgbench two-commit | p50 ms | p99 ms | CPU ms per charge: java | postgres | redis |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ("base", "head"):
    r = rows[name]
    ratio = f"{float(r['charges_per_s']) / pg:.2f}" if pg else "-"
    ratio3 = f"{float(r['charges_per_s']) / pg3:.2f}" if pg3 else "-"
    print(f"| {name} | {r['charges_per_s']} | {ratio3} | {ratio} | {r['p50_ms']} | {r['p99_ms']} | {r['java_cpu_ms']} | {r['postgres_cpu_ms']} | {r['redis_cpu_ms']} |")
print()
print(f"pgbench baselines: two-commit {pg:.0f} tps, three-commit {pg3:.0f} tps")
slow = list(csv.DictReader(open(f"{out}/slow.csv")))
if slow:
    print()
    print("| revision | slow processor: charges/s | / ceiling | reads p50 ms | reads p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for r in slow:
        print(f"| {r['revision']} | {r['charges_per_s']} | {r['ceiling_ratio']} | {r['read_p50_ms']} | {r['read_p99_ms']} |")
print(f"head / base charges per second: {float(rows['head']['charges_per_s']) / float(rows['base']['charges_per_s']):.2f}")
PY
