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
