#!/usr/bin/env bash
# Where the time of a new charge goes (issue 6): the new-charges scenario of bench/run.sh, with CPU
# accounting per program (and per thread group inside the JVM) from /proc, and a JFR CPU profile of
# the measured window summarised as top frames and per-component shares.
#
#   bench/profile.sh [seconds = 20] [connections = 16] [warm-up seconds = 150]
#
# JFR's sampling costs the service CPU of its own: read the throughput of bench/run.sh, and the
# shares from here.
#
# PROFILER=async samples with async-profiler instead (fetched once from Maven Central into
# ~/.cache/payments-bench): every millisecond of CPU, kernel and JVM frames included, where JFR sees
# Java frames only, at a few hundred samples. It costs the service more than half its throughput.
#
# SCENARIO=liveness or SCENARIO=refused profiles, after the same warm-up of charges, the liveness
# probe or refused charges (amount 0, a 400 before any claim) instead: the costs every request pays.
#
# REDIS=off profiles a service whose Redis port has nothing listening (bench_redis_env in lib.sh): its
# requests make no Redis round trip, and the run checks that none did.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${1:-20}
CONNECTIONS=${2:-16}
WARMUP=${3:-150}
SCHEMA=payments_profile
SCENARIO=${SCENARIO:-new}
case "$SCENARIO" in new | refused | liveness) ;; *) echo "SCENARIO is new, refused or liveness" >&2; exit 2 ;; esac
bench_begin profile "${PROFILE_OUT:-}"
bench_psql -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" 2>/dev/null
bench_tokens 1000 "$OUT/tokens.lua" bench-user
trap bench_stop EXIT
JFR=$OUT/new-charges.jfr
PROFILER=${PROFILER:-jfr}
if [ "$PROFILER" = async ]; then
  AP_VERSION=4.1
  AP_SHA1=3a1c87ae027634983954e3b4d97057ef41bca858 # of async-profiler-4.1-linux-x64.jar, as Maven Central lists it
  AP_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/payments-bench/async-profiler-$AP_VERSION
  AP_LIB=$AP_DIR/linux-x64/libasyncProfiler.so
  if [ ! -f "$AP_LIB" ]; then
    mkdir -p "$AP_DIR"
    curl -sfL -o "$AP_DIR/async-profiler.jar" \
      "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION-linux-x64.jar"
    echo "$AP_SHA1  $AP_DIR/async-profiler.jar" | sha1sum -c --quiet - \
      || { rm -f "$AP_DIR/async-profiler.jar"; echo "async-profiler download does not match its checksum" >&2; exit 1; }
    (cd "$AP_DIR" && unzip -q -o async-profiler.jar linux-x64/libasyncProfiler.so)
  fi
  # a file of collapsed stacks every 5 s from the start; those wholly inside the measured window count
  mkdir -p "$OUT/async"
  BENCH_JAVA_OPTS="-agentpath:$AP_LIB=start,event=cpu,interval=1ms,loop=5s,collapsed,file=$OUT/async/%t.collapsed"
else
  # the recording starts 8 s into the measured window, after the scenario's own 15 s warm-up if any
  PREWARM=$([ "$SCENARIO" = new ] && echo 0 || echo 15)
  BENCH_JAVA_OPTS="-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=delay=$((WARMUP + PREWARM + 8))s,duration=$((DURATION - 4))s,filename=$JFR,settings=profile"
fi
REDIS_ENV=$(bench_redis_env)
# shellcheck disable=SC2086 # REDIS_ENV is a list of assignments
BENCH_JAVA_OPTS=$BENCH_JAVA_OPTS bench_start "$SCHEMA" $REDIS_ENV PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=0s
URL="http://localhost:$BENCH_PORT"
echo "warm-up: ${WARMUP}s of charges"
TOKENS="$OUT/tokens.lua" RUN_ID="warm$STAMP" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/charge.lua "$URL" >/dev/null
if [ "$SCENARIO" = liveness ]; then
  wrk -t2 -c"$CONNECTIONS" -d15s "$URL/actuator/health/liveness" >/dev/null
elif [ "$SCENARIO" = refused ]; then
  TOKENS="$OUT/tokens.lua" RUN_ID="refusedwarm$STAMP" MODE=refused wrk -t2 -c"$CONNECTIONS" -d15s -s bench/wrk/charge.lua "$URL" >/dev/null
fi
echo "$SCENARIO: ${DURATION}s, $PROFILER profiling the middle of it"
python3 bench/cpu.py snapshot "$OUT/cpu-before.json" "$SERVICE_PID"
MEASURED_FROM=$(date +%s)
if [ "$SCENARIO" = liveness ]; then
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$URL/actuator/health/liveness" > "$OUT/$SCENARIO.txt"
else
  TOKENS="$OUT/tokens.lua" RUN_ID="$SCENARIO$STAMP" MODE=$SCENARIO wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/wrk/charge.lua "$URL" > "$OUT/$SCENARIO.txt"
fi
MEASURED_TO=$(date +%s)
python3 bench/cpu.py snapshot "$OUT/cpu-after.json" "$SERVICE_PID"
if [ "$SCENARIO" = new ]; then
  CREATED=$(grep STATUSES "$OUT/new.txt" | grep -o ' 201=[0-9]*' | cut -d= -f2)
else
  CREATED=$(awk '/requests in/ {print $1}' "$OUT/$SCENARIO.txt")
fi
if [ "$PROFILER" = async ]; then
  # a file is written when its 5 s end: keep those that began and ended inside the window
  SAMPLES=()
  for file in "$OUT"/async/*.collapsed; do
    written=$(stat -c %Y "$file")
    if [ "$written" -ge $((MEASURED_FROM + 5)) ] && [ "$written" -le "$MEASURED_TO" ]; then SAMPLES+=("$file"); fi
  done
  ((${#SAMPLES[@]})) || { echo "no async-profiler file lies inside the measured window" >&2; exit 1; }
else
  for _ in $(seq 1 60); do [ -s "$JFR" ] && break; sleep 1; done
  SAMPLES=("$JFR")
fi
bench_check_no_redis "$URL" "$OUT"
bench_stop
{
  echo "# Profile of $SCENARIO, $STAMP"
  echo
  if [ "${REDIS:-on}" = off ]; then
    echo "The service ran without Redis (REDIS=off): its limiter failed open and its answer cache was skipped."
    echo
  fi
  if [ "$PROFILER" = async ]; then
    echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s after a ${WARMUP}s warm-up, async-profiler (cpu, 1 ms) on, ${#SAMPLES[@]} files of 5 s:"
  else
    echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s after a ${WARMUP}s warm-up, JFR \`settings=profile\` on:"
  fi
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/$SCENARIO.txt") req/s, $CREATED $([ "$SCENARIO" = new ] && echo charges created || echo requests)."
  echo
  echo "## CPU by program during the scenario (wrk's own CPU is not counted)"
  echo
  python3 bench/cpu.py report "$OUT/cpu-before.json" "$OUT/cpu-after.json" "$CREATED"
  echo
  echo "## CPU samples of the service ($PROFILER)"
  echo
  python3 bench/jfr_top.py "${SAMPLES[@]}" 25
} > "$OUT/profile.md"
rm -f "$OUT/tokens.lua"
cat "$OUT/profile.md"
