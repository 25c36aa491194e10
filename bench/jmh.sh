#!/usr/bin/env bash
# JMH micro-benchmarks of the hot pure-Java pieces (src/test/java/**/*Benchmark.java).
#   bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  -rf csv -rff bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).csv "$@" 'Benchmark'
