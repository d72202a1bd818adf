#!/bin/sh
# The scheduled sweep at scale against moto with Route 53's buckets emulated (see bench/RESULTS.md,
# "Sweep at Route 53's limits"). Usage: bench/sweep.sh [endpoints] [vpcs] [deadline-seconds]
# e.g. bench/sweep.sh 240 8 60; bench/sweep.sh 2000 25 300
set -eu
cd "$(dirname "$0")/.."
N=${1:-240}; VPCS=${2:-8}; DEADLINE=${3:-60}
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -o -pl aws-function -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/sweep-bench.classpath -Dmdep.includeScope=test
fi
ROOT=$(pwd)
CP="$ROOT/aws-function/target/test-classes:$ROOT/aws-function/target/classes:$ROOT/shared/target/classes:$(cat aws-function/target/sweep-bench.classpath)"
cd aws-function # moto's script and target/ are found from here, as in the tests
exec java -cp "$CP" io.linkdns.aws.SweepBench "$N" "$VPCS" "$DEADLINE"
