#!/usr/bin/env bash
# Reproducible benchmark: bench/run.sh [seconds] [connections] [backfill] [warm-up seconds]
# Builds Tributary and its test helpers, then runs bench/src against an embedded broker and the
# Thirdfort simulator, all on 127.0.0.1 in one JVM. Prints one line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
rm -rf target/bench && mkdir -p target/bench
javac -d target/bench -cp "$cp" $(find bench/src -name '*.java')
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
java -Xmx1g -Dlog4j2.level=WARN -cp "target/bench:$cp" io.tributary.bench.Benchmark "$@" 2>target/bench/stderr.log | tee target/bench/result.txt
