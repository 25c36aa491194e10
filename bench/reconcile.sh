#!/usr/bin/env bash
# Reconciliation at scale: one window of N processor charges (default 100,000; one in a thousand
# without a record) against a private Postgres, timed and its heap peak sampled, beside a baseline
# of streaming the same window and doing nothing. Results: bench/results/reconcile-*.txt.
#   bench/reconcile.sh [N] [max heap, default 512m]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
heap="${2:-512m}"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
java -Xmx"$heap" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  com.acme.payments.charge.ReconciliationScale "$n"
