#!/usr/bin/env bash
# Cold-start benchmark of the linkdns Lambda, outside AWS, side by side with a minimal Python function:
# builds (unless SKIP_BUILD=1) and runs io.linkdns.demo.ColdStartBenchmark (demo module), which starts moto,
# the one local Runtime API (io.linkdns.demo.LocalRuntimeApi) and every run's interpreter directly (each
# JDK's own bin/java, the real python3 binary rather than a pyenv shim); see bench/RESULTS.md.
#
# Usage: bench/cold-start.sh                     all variants this machine has, N=5 rounds
#        SKIP_BUILD=1 N=7 bench/cold-start.sh    reuse the jar and the AOT cache
#        VARIANTS="jdk25-aot python" ...         a subset (jdk21 jdk17 jdk25 jdk25-aot jdk25-snapstart python)
#        JAVA_EXTRA="-Xlog:gc ..." ...           more JVM options for every Java variant (experiments)
#        JDK17= JDK21= JDK25= PYTHON= ...        other interpreters (PYTHON: used as given)
# Results: bench/target/results.tsv, bench/target/<variant>-<round>.log; summary on stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/target"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JDK21="${JDK21:-$(ls -d /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)}"
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT/results.tsv"

# The shaded jar, its AOT cache (trained on JDK 25), the runtime client's jars and the demo module; package
# only, so ~/.m2 stays the other checkouts'.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo ">> JAVA_HOME=$JDK25 mvn -B -o -q -Paot -DskipTests -pl demo -am package" >&2
  JAVA_HOME="$JDK25" mvn -B -o -q -Dstyle.color=never -Paot -DskipTests -pl demo -am package >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi

# moto on loopback, as in every earlier run, even where a Docker engine would offer LocalStack
export LINKDNS_TEST_EMULATOR=moto AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-2
unset AWS_ENDPOINT_URL AWS_PROFILE AWS_SESSION_TOKEN || true
exec java -cp "demo/target/linkdns-demo.jar:demo/target/lib/*" io.linkdns.demo.ColdStartBenchmark \
  --function-jar aws-function/target/linkdns-aws-function.jar --ric demo/target/ric \
  --aot aws-function/target/linkdns.aot --python-dir bench/python --out "$OUT" \
  --rounds "${N:-5}" --jdk17 "$JDK17" --jdk21 "$JDK21" --jdk25 "$JDK25" \
  ${VARIANTS:+--variants "$VARIANTS"} ${PYTHON:+--python "$PYTHON"} ${JAVA_EXTRA:+--java-extra "$JAVA_EXTRA"}
