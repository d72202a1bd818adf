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
# A copy of the classes, so a build in this checkout during a long run cannot pull them from under it.
B=aws-function/target/sweep-bench-$N-$$
rm -rf "$B" && mkdir -p "$B"
cp -r aws-function/target/test-classes "$B/test-classes"
cp -r aws-function/target/classes "$B/classes"
cp -r shared/target/classes "$B/shared-classes"
ROOT=$(pwd)
CP="$ROOT/$B/test-classes:$ROOT/$B/classes:$ROOT/$B/shared-classes:$(cat aws-function/target/sweep-bench.classpath)"
cd aws-function # moto's script and target/ are found from here, as in the tests
exec java -cp "$CP" io.linkdns.aws.SweepBench "$N" "$VPCS" "$DEADLINE"
