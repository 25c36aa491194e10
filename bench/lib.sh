# Shared by the bench/ scripts: tools, the service jar, tokens, and starting/stopping the service.
# Everything runs on this machine only (loopback).

BENCH_SECRET="bench-secret-at-least-thirty-two-bytes-long"
BENCH_PORT=${BENCH_PORT:-18080}

bench_tools() { # wrk, gnuplot (plots), pgbench (from the Postgres server package)
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBENCH" ] || { echo "pgbench not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
}

# bench_begin KIND [FOLDER]: the tools and the service jar, and a fresh results folder OUT
# (bench/results/KIND-STAMP unless FOLDER is given) stamped STAMP
bench_begin() {
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  OUT=${2:-bench/results/$1-$STAMP}
  mkdir -p "$OUT"
  bench_tools
  bench_jar
}

bench_jar() {
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/payments-*.jar | grep -v plain | head -1)
}

# bench_tokens N FILE: a Lua table of N bearer tokens for users bench-user-1..N
bench_tokens() {
  python3 bench/token.py "$BENCH_SECRET" "${3:-bench-user}" 86400 --lua "$1" > "$2"
}

# bench_start SCHEMA [extra env assignments...]: the service with production settings, 256 MiB heap,
# against the machine's Postgres (or the one on BENCH_PG_PORT)
bench_start() {
  local schema=$1; shift
  if curl -s -o /dev/null "localhost:$BENCH_PORT"; then
    echo "port $BENCH_PORT is already in use: stop whatever runs there first" >&2; return 1
  fi
  env PAYMENTS_JWT_SECRET="$BENCH_SECRET" SERVER_PORT="$BENCH_PORT" PAYMENTS_PROCESSOR_KIND=simulator \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:${BENCH_PG_PORT:-5432}/postgres?currentSchema=$schema" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_FLYWAY_SCHEMAS="$schema" \
    PAYMENTS_RATELIMIT_KEYPREFIX="bench:$schema:$RANDOM:" PAYMENTS_IDEMPOTENCY_CACHE_KEYPREFIX="bench:$schema:$RANDOM:idem:" \
    "$@" java -Xmx256m -Xlog:gc:file=/tmp/payments-bench-gc.log ${BENCH_JAVA_OPTS:-} \
    -jar "$JAR" >/tmp/payments-bench.log 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$BENCH_PORT/actuator/health/readiness" >/dev/null && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 /tmp/payments-bench.log; return 1; }
    sleep 0.5
  done
  echo "service did not become ready" >&2; return 1
}

# bench_redis_env: the service's extra environment for REDIS=on (nothing) or REDIS=off: a Redis port
# where nothing listens (a free port, closed again), so its breakers open, the limiter fails open and
# the answer cache is skipped, and readiness that does not wait for Redis. Word-split it into bench_start.
bench_redis_env() {
  case "${REDIS:-on}" in
    on) ;;
    off) echo "SPRING_DATA_REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" \
      MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE=readinessState,db ;;
    *) echo "REDIS is on or off, not $REDIS" >&2; return 2 ;;
  esac
}

# bench_check_no_redis URL FOLDER: with REDIS=off, fails unless the service at URL answered every request
# without Redis (the limiter let none through by Redis, and failed open at least once; no cache hit or miss)
bench_check_no_redis() {
  [ "${REDIS:-on}" = off ] || return 0
  curl -sf "$1/actuator/prometheus" > "$2/prometheus.txt"
  python3 - "$2/prometheus.txt" <<'PY'
import re, sys
total = {}
for line in open(sys.argv[1]):
    m = re.match(r'(payments_ratelimit_requests_total|payments_idempotency_cache_total)\{.*result="(\w+)".*\} (\S+)', line)
    if m:
        total[m[2] if m[1].startswith("payments_rate") else "cache_" + m[2]] = float(m[3])
allowed, fail_open = total.get("allowed", 0), total.get("fail_open", 0)
reads = total.get("cache_hit", 0) + total.get("cache_miss", 0)
if allowed or reads or not fail_open:
    sys.exit(f"REDIS=off, yet Redis answered: {allowed:.0f} requests allowed by the limiter, {reads:.0f} cache reads "
             f"({fail_open:.0f} failed open)")
PY
}

bench_stop() {
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=
}

# bench_pgbench SCHEMA CLIENTS SECONDS SCRIPT OUTPUT [pgbench options...]: one pgbench run of a script
# against the tables of SCHEMA, prepared statements, output kept
bench_pgbench() {
  local schema=$1 clients=$2 seconds=$3 script=$4 output=$5; shift 5
  PGOPTIONS="-c search_path=$schema" "$PGBENCH" -h 127.0.0.1 -p "${BENCH_PG_PORT:-5432}" -U postgres -n -M prepared \
    -c "$clients" -j 2 -T "$seconds" "$@" -f "$script" postgres > "$output" 2>&1
}
bench_tps() { awk '/^tps/ {print $3; exit}' "$1"; }
bench_transactions() { awk '/number of transactions actually processed/ {print $6}' "$1" | cut -d/ -f1; }

bench_psql() { psql -h 127.0.0.1 -p "${BENCH_PG_PORT:-5432}" -U postgres -d postgres -Atq "$@"; }
