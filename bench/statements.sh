#!/usr/bin/env bash
# What Postgres does for a charge, statement by statement, against pgbench's three commits
# (issue 21): a private Postgres on a free port with pg_stat_statements (the machine's shared one
# does not load it), the service against it, then for new charges, for pgbench at the limit and for
# pgbench throttled to the charges' rate: execution and planning time per statement, WAL records,
# bytes and flushes (fsyncs) per charge, and CPU per charge by program.
#
#   bench/statements.sh [seconds = 20] [connections = 16] [warm-up seconds = 90]
#
# The private server runs as the postgres OS user (Postgres refuses root) in a temporary folder that
# is removed at the end; it has the machine's default settings except autovacuum, which is off as
# on the shared server here.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${1:-20}
CONNECTIONS=${2:-16}
WARMUP=${3:-90}
bench_begin statements
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
BENCH_PG_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
PG_DIR=$(mktemp -d)
chown postgres "$PG_DIR"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
stop_all() {
  bench_stop
  as_postgres "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_all EXIT
as_postgres "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8" > "$OUT/initdb.log"
as_postgres "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o \"-p $BENCH_PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on -c autovacuum=off\" start" >/dev/null
export BENCH_PG_PORT
bench_psql -c "CREATE EXTENSION pg_stat_statements"
SCHEMA=payments_statements
bench_tokens 1000 "$OUT/tokens.lua" bench-user
bench_start "$SCHEMA" PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=0s
URL="http://localhost:$BENCH_PORT"
echo "warm-up: ${WARMUP}s of charges"
TOKENS="$OUT/tokens.lua" RUN_ID="warm$STAMP" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/charge.lua "$URL" >/dev/null

{
  echo "# What Postgres does for a charge, $STAMP"
  echo
  echo "A private PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}'), default settings, pg_stat_statements) on port $BENCH_PG_PORT;"
  echo "the service against it after ${WARMUP}s of charges; wrk and pgbench with $CONNECTIONS connections, ${DURATION}s each."
} > "$OUT/report.md"
# window_start, then the load, then window_end NAME REQUESTS RATE: statement and WAL statistics of
# the window, appended to the report
window_start() {
  bench_psql -c "SELECT pg_stat_statements_reset(), pg_stat_reset_shared('wal')" >/dev/null
  python3 bench/cpu.py snapshot "$OUT/cpu-before.json" "${SERVICE_PID:-}"
}
window_end() {
  local name=$1 n=$2 rate=$3
  python3 bench/cpu.py snapshot "$OUT/cpu-after.json" "${SERVICE_PID:-}"
  {
    echo
    echo "## $name: $rate per second"
    echo
    echo "| CPU ms per charge | java | postgres | redis-server | all programs | cores busy |"
    echo "|---|---:|---:|---:|---:|---:|"
    python3 bench/cpu.py row "$name" "$OUT/cpu-before.json" "$OUT/cpu-after.json" "$n"
    echo
    bench_psql -c "SELECT 'WAL per charge: records ' || round(wal_records / $n.0, 1) || ', bytes ' || round(wal_bytes / $n.0)
      || ', full-page images ' || round(wal_fpi / $n.0, 2) || ', writes ' || round(wal_write / $n.0, 2)
      || ', flushes (fsync) ' || round(wal_sync / $n.0, 2) || '.' FROM pg_stat_wal"
    echo
    echo "| calls | µs per call (execution + planning) | plans | WAL bytes per call | buffers per call | statement |"
    echo "|---:|---:|---:|---:|---:|---|"
    bench_psql -F' | ' -c "SELECT '| ' || calls, round((1000 * (total_exec_time + total_plan_time) / calls)::numeric, 1), plans,
      round(wal_bytes / calls), round((shared_blks_hit + shared_blks_read)::numeric / calls, 1),
      left(regexp_replace(query, '\s+', ' ', 'g'), 70) || ' |'
      FROM pg_stat_statements WHERE calls >= $n / 2 ORDER BY total_exec_time DESC LIMIT 6"
  } >> "$OUT/report.md"
  echo "  $name: $rate per second"
}
echo "new charges"
window_start
TOKENS="$OUT/tokens.lua" RUN_ID="new$STAMP" MODE=new wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
  -s bench/wrk/charge.lua "$URL" > "$OUT/new-charges.txt"
CHARGE_RATE=$(awk '/Requests\/sec/ {print $2}' "$OUT/new-charges.txt")
window_end new-charges "$(awk '/requests in/ {print $1}' "$OUT/new-charges.txt")" "$CHARGE_RATE"
CHARGE_RATE=${CHARGE_RATE%.*}
for run in at-the-limit at-the-charge-rate; do
  echo "pgbench's three commits $run"
  window_start
  if [ $run = at-the-limit ]; then THROTTLE=(); else THROTTLE=(-R "$CHARGE_RATE"); fi
  bench_pgbench "$SCHEMA" "$CONNECTIONS" "$DURATION" bench/pgbench-three-commits.sql "$OUT/pgbench-$run.txt" "${THROTTLE[@]}"
  window_end "pgbench-$run" "$(bench_transactions "$OUT/pgbench-$run.txt")" "$(bench_tps "$OUT/pgbench-$run.txt")"
done
cat "$OUT/report.md"
