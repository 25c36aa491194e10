#!/usr/bin/env bash
# The synchronous_commit = off idea of issue 6, measured on Postgres alone: the two-commit shape
# with the claim in an explicit transaction, once with SET LOCAL synchronous_commit = on and once
# off (same statements, same round trips), alternating, so the ratio is the upper bound of what an
# asynchronous claim could save. docs/performance.md has the safety argument.
#
#   bench/async-claim.sh [seconds = 20] [clients = 16] [rounds = 2]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${1:-20}
CLIENTS=${2:-16}
ROUNDS=${3:-2}
SCHEMA=payments_async_claim
OUT=bench/results/async-claim-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
bench_tools
bench_psql -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" 2>/dev/null
bench_psql -c "CREATE SCHEMA $SCHEMA"
for migration in src/main/resources/db/migration/V*.sql; do
  PGOPTIONS="-c search_path=$SCHEMA" bench_psql -f "$migration" >/dev/null
done
# the two variants, made from the baseline script: its first statement (the claim) wrapped in a
# transaction that sets synchronous_commit
VARIANTS=$(mktemp -d)
for setting in on off; do
  awk -v setting="$setting" '
    /^INSERT INTO idempotency_keys/ && !done { print "BEGIN;"; print "SET LOCAL synchronous_commit = " setting ";"; claim = 1 }
    { print }
    claim && /;$/ { print "COMMIT;"; claim = 0; done = 1 }
  ' bench/pgbench-two-commits.sql > "$VARIANTS/claim-$setting.sql"
done
echo "variant,round,tps" > "$OUT/results.csv"
for round in $(seq 1 "$ROUNDS"); do
  for variant in sync async; do
    file=$VARIANTS/claim-off.sql; [ "$variant" = sync ] && file=$VARIANTS/claim-on.sql
    tps=$(PGOPTIONS="-c search_path=$SCHEMA" "$PGBENCH" -h 127.0.0.1 -U postgres -n -M prepared -c "$CLIENTS" -j 2 \
      -T "$DURATION" -f "$file" postgres 2>&1 | awk '/^tps/ {print $3; exit}')
    echo "$variant,$round,$tps" | tee -a "$OUT/results.csv"
  done
done
bench_psql -c "DROP SCHEMA $SCHEMA CASCADE" 2>/dev/null
rm -rf "$VARIANTS"
python3 - "$OUT/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
mean = lambda v: sum(float(r["tps"]) for r in rows if r["variant"] == v) / sum(1 for r in rows if r["variant"] == v)
print(f"sync claim {mean('sync'):.0f} tps, async claim {mean('async'):.0f} tps: ratio {mean('async') / mean('sync'):.2f}")
PY
