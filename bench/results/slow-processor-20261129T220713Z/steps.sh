set -u
cd /work/main
source bench/lib.sh
bench_tools >/dev/null
JAR=$(ls target/payments-*.jar | grep -v plain | head -1)
OUT=/tmp/slowbench; mkdir -p $OUT
bench_tokens 1000 "$OUT/tokens.lua" bench-user
bench_tokens 1 "$OUT/hot-token.lua" hot-user
bench_psql -c "DROP SCHEMA IF EXISTS payments_slow CASCADE"
trap bench_stop EXIT
bench_start payments_slow PAYMENTS_RATELIMIT_CAPACITY=1000000 PAYMENTS_PROCESSOR_LATENCY=250ms
URL="http://localhost:$BENCH_PORT"
TOKENS="$OUT/hot-token.lua" wrk -t1 -c2 -d30s --latency -s bench/wrk/reads.lua "$URL" > $OUT/warm-reads.txt &
W=$!
TOKENS="$OUT/tokens.lua" RUN_ID="slowwarm$RANDOM" MODE=new wrk -t2 -c100 -d30s -s bench/wrk/charge.lua "$URL" >/dev/null
wait $W
TOKENS="$OUT/hot-token.lua" wrk -t1 -c2 -d20s --latency -s bench/wrk/reads.lua "$URL" > $OUT/reads.txt &
R=$!
TOKENS="$OUT/tokens.lua" RUN_ID="slow$RANDOM" MODE=new wrk -t2 -c100 -d20s --timeout 10s -s bench/wrk/charge.lua "$URL" > $OUT/slow.txt
wait $R
grep -E "Requests/sec|PERCENTILE" $OUT/warm-reads.txt $OUT/reads.txt $OUT/slow.txt
