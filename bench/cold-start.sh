#!/usr/bin/env bash
# Cold-start benchmark of the linkdns Lambda, outside AWS, side by side with a minimal Python function.
#
# Every run starts a fresh process the way Lambda does (the real Java runtime interface client with the
# shaded function jar first on the class path, or a Python runtime loop for the baseline) against a local
# Runtime API (bench/LocalRuntime.java) that serves two events: the CloudTrail CreateVpcEndpoint event, as
# EventBridge delivers it, for a freshly created, tagged 3-AZ endpoint in moto (cold: describe the
# endpoint, create the private zone, write 4 CNAMEs and their owner markers), then the same for a second
# new endpoint in the same process (warm). After each run the zones are checked in moto (bench/world.py).
#
# Variants (VARIANTS to choose, default all that this machine has):
#   jdk21            JDK 21 (Lambda's java21 runtime), when a JDK 21 is installed
#   jdk17            JDK 17, the build's default JDK (stands in when no JDK 21 is installed)
#   jdk25            JDK 25 (Lambda's java25 runtime), plain
#   jdk25-aot        JDK 25 with the AOT cache aws-function/target/linkdns.aot (-XX:AOTMode=on: a cache the
#                    JVM cannot use fails the run instead of silently running without it), mapped without
#                    relocation as the container image does (-XX:ArchiveRelocationMode=0)
#   jdk25-snapstart  JDK 25 initialised as SnapStart does (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): the
#                    runtime runs the CRaC beforeCheckpoint hooks (linkdns's priming) at the end of init and
#                    then "restores" at once; its first invocation is what a restored instance pays
#   python           bench/python: boto3, the same AWS calls and Route 53 pacing, a minimal runtime loop
# Runs alternate: run r starts each variant once, in an order rotated by r.
#
# Usage: bench/cold-start.sh     N=5 runs per variant; SKIP_BUILD=1 reuses the jar and the AOT cache;
#        JAVA_EXTRA="-Xlog:gc ..." adds JVM options to every Java variant (for experiments)
# Build (unless SKIP_BUILD=1): JAVA_HOME=<JDK 25> mvn -B -o -q -Paot -DskipTests package (the run needs only
# the target/ directories; package leaves ~/.m2 to the other checkouts)
# Results: bench/target/results.tsv, bench/target/<variant>-<run>.log; summary on stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N="${N:-5}"
OUT="$ROOT/bench/target"
JAR="$ROOT/aws-function/target/linkdns-aws-function.jar"
AOT="$ROOT/aws-function/target/linkdns.aot"
RIC="$ROOT/demo/target/ric"
HANDLER="io.linkdns.aws.Handler::handleRequest"
RIC_MAIN="com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JDK21="${JDK21:-$(ls -d /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)}"
# The template's JAVA_TOOL_OPTIONS plus what the JVM sees and picks by itself in a 1024 MB function: 1 GiB
# of memory (MaxRAM; heap sized from it, not from this machine's 24 GiB) and so the serial collector. The
# AOT training (demo/.../LambdaProcess.JAVA_OPTIONS) uses the same.
JAVA_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=1024m"
# Each variant's interpreter is started directly, as Lambda's runtimes start theirs: python3 on PATH may be
# a pyenv shim (a bash script costing 60-130 ms before Python starts) and java a chain of alternatives
# links, so both are resolved once here. A virtual environment's python is kept as it is: it finds the
# environment's packages by where it sits. PYTHON overrides.
PYTHON="${PYTHON:-$(python3 -c 'import os, sys; print(sys.executable if sys.prefix != sys.base_prefix else os.path.realpath(sys.executable))')}"
[ -x "$PYTHON" ] || { echo "no python interpreter at '$PYTHON'" >&2; exit 1; }
java_of() { realpath "$1/bin/java"; }
if [ -z "${VARIANTS:-}" ]; then
  VARIANTS="$([ -n "$JDK21" ] && echo jdk21 || echo jdk17) jdk25 jdk25-aot jdk25-snapstart python"
fi
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-2 AWS_REGION=us-east-2
unset AWS_PROFILE AWS_SESSION_TOKEN || true

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/event-*.json "$OUT/results.tsv" "$OUT/world.json"

# ---- 1. build: the shaded jar and, with a JDK 25, its AOT cache (and the runtime client's jars)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo ">> JAVA_HOME=$JDK25 mvn -B -o -q -Paot -DskipTests package" >&2
  JAVA_HOME="$JDK25" mvn -B -o -q -Dstyle.color=never -Paot -DskipTests package >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi
for f in "$JAR" "$RIC"; do [ -e "$f" ] || { echo "missing $f (build first)" >&2; exit 1; }; done
case " $VARIANTS " in *" jdk25-aot "*) [ -f "$AOT" ] || { echo "missing $AOT (build with -Paot on JDK 25)" >&2; exit 1; } ;; esac
CP="$JAR:$(ls "$RIC"/*.jar | tr '\n' ':' | sed 's/:$//')"
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" bench/LocalRuntime.java

# ---- 2. moto (stdin kept open: linkdns_moto.py exits on EOF)
rm -f "$OUT/moto.in"; mkfifo "$OUT/moto.in"
"$PYTHON" aws-function/moto/linkdns_moto.py --port 0 --host 127.0.0.1 <"$OUT/moto.in" >"$OUT/moto.out" 2>"$OUT/moto.log" &
MOTO_PID=$!
exec 7>"$OUT/moto.in"
cleanup() { exec 7>&- || true; kill "$MOTO_PID" 2>/dev/null || true; rm -f "$OUT/moto.in"; }
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q '^LISTENING ' "$OUT/moto.out" 2>/dev/null && break
  kill -0 "$MOTO_PID" 2>/dev/null || { echo "moto died; see $OUT/moto.log" >&2; exit 1; }
  sleep 0.1
done
PORT="$(sed -n 's/^LISTENING //p' "$OUT/moto.out")"
[ -n "$PORT" ] || { echo "moto did not start" >&2; exit 1; }
ENDPOINT="http://127.0.0.1:$PORT"
echo ">> moto at $ENDPOINT; variants: $VARIANTS; N=$N; python: $PYTHON" >&2

# ---- 3. the world: one VPC, and per run and variant two tagged 3-AZ endpoints with their own domains
NAMES=()
for run in $(seq 1 "$N"); do for v in $VARIANTS; do NAMES+=("$v-$run-cold" "$v-$run-warm"); done; done
"$PYTHON" bench/world.py setup "$ENDPOINT" "$OUT" "${NAMES[@]}"

# ---- 4. the runs, alternated
run_one() {
  local v="$1" run="$2" init_type=on-demand opts="$JAVA_OPTIONS${JAVA_EXTRA:+ $JAVA_EXTRA}" cmd=()
  case "$v" in
    jdk17) cmd=("$(java_of "$JDK17")" -cp "$CP" "$RIC_MAIN" "$HANDLER") ;;
    jdk21) cmd=("$(java_of "$JDK21")" -cp "$CP" "$RIC_MAIN" "$HANDLER") ;;
    jdk25) cmd=("$(java_of "$JDK25")" -cp "$CP" "$RIC_MAIN" "$HANDLER") ;;
    jdk25-aot)
      # ArchiveRelocationMode=0 (JDK 17-19's default): map the cache at its own base address instead of
      # relocating all of it to a random one, as aws-function/Dockerfile does
      opts="$opts -XX:AOTCache=$AOT -XX:AOTMode=on -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
      cmd=("$(java_of "$JDK25")" -cp "$CP" "$RIC_MAIN" "$HANDLER") ;;
    jdk25-snapstart)
      init_type=snap-start
      # how the managed runtime connects org.crac to its own checkpoint context
      opts="$opts -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"
      cmd=("$(java_of "$JDK25")" -cp "$CP" "$RIC_MAIN" "$HANDLER") ;;
    python) cmd=("$PYTHON" "$ROOT/bench/python/bootstrap.py") ;;
    *) echo "unknown variant $v" >&2; exit 1 ;;
  esac
  local handler="$HANDLER"
  [ "$v" = python ] && handler="linkdns_min.handler"
  local line
  line="$(java -cp "$OUT/classes" LocalRuntime --event "$OUT/event-$v-$run-cold.json" --event "$OUT/event-$v-$run-warm.json" \
    --log "$OUT/$v-$run.log" --dir "$OUT" \
    -e "_HANDLER=$handler" -e "LAMBDA_TASK_ROOT=$OUT" -e "LAMBDA_RUNTIME_DIR=$RIC" \
    -e AWS_EXECUTION_ENV=AWS_Lambda_bench -e AWS_LAMBDA_FUNCTION_NAME=linkdns -e 'AWS_LAMBDA_FUNCTION_VERSION=$LATEST' \
    -e AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024 -e "AWS_LAMBDA_INITIALIZATION_TYPE=$init_type" \
    -e AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/linkdns -e "AWS_LAMBDA_LOG_STREAM_NAME=bench-$v-$run" -e AWS_LAMBDA_LOG_FORMAT=Text \
    -e TZ=:UTC -e AWS_REGION=us-east-2 -e AWS_DEFAULT_REGION=us-east-2 -e "AWS_ENDPOINT_URL=$ENDPOINT" \
    -e AWS_ACCESS_KEY_ID=test -e AWS_SECRET_ACCESS_KEY=test -e PYTHONDONTWRITEBYTECODE=1 \
    -e LINKDNS_OWNER_ID=linkdns-us-east-2 -e LINKDNS_POLICY=sync -e LINKDNS_LAYOUT=confluent-aws-dedicated \
    -e LINKDNS_CREATE_ZONES=true -e LINKDNS_ROUTE53_RATE=5 -e LINKDNS_MAX_ATTEMPTS=8 \
    -e "JAVA_TOOL_OPTIONS=$opts" \
    -- "${cmd[@]}" | tee -a "$OUT/runtime-api.out" | sed -n 's/^RESULT //p')" || true
  local wired=no
  "$PYTHON" bench/world.py check "$ENDPOINT" "$OUT" "$v-$run-cold" "$v-$run-warm" >>"$OUT/check.out" 2>&1 && wired=yes
  get() { local x; x="$(echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p")"; echo "${x:-NA}"; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$run" "$(get init_ms)" "$(get invoke_ms)" "$(get warm1_ms)" \
    "$(get total_ms)" "$(get peak_rss_mib)" "$(get status)" "$wired" >>"$OUT/results.tsv"
  echo "   $v run $run: $line wired=$wired" >&2
}

printf 'variant\trun\tinit_ms\tinvoke_ms\twarm_ms\ttotal_ms\tpeak_rss_mib\tstatus\twired\n' >"$OUT/results.tsv"
read -r -a ORDER <<<"$VARIANTS"
COUNT=${#ORDER[@]}
for run in $(seq 1 "$N"); do
  for i in $(seq 0 $((COUNT - 1))); do
    run_one "${ORDER[$(((i + run - 1) % COUNT))]}" "$run"
  done
done

# ---- 5. summary
echo ">> load: $(uptime)" >&2
python3 - "$OUT/results.tsv" "$(stat -c %s "$JAR")" "$( [ -f "$AOT" ] && stat -c %s "$AOT" || echo 0)" \
  "$(stat -c %s bench/python/linkdns_min.py)" "$VARIANTS" "$JDK21" <<'PY'
import statistics, sys
path, jar, aot, py, variants, jdk21 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(), sys.argv[6]
rows = [l.rstrip("\n").split("\t") for l in open(path)][1:]
def ok(r): return r[7] == "ok" and r[8] == "yes"
def med(v, i):
    xs = [float(r[i]) for r in rows if r[0] == v and ok(r) and r[i] != "NA"]
    return statistics.median(xs) if xs else float("nan")
print(f"{'variant':<16} {'ok':>5} {'init ms':>8} {'1st invoke':>10} {'warm':>6} {'init+1st':>9} {'vs python':>9} {'RSS MiB':>7}")
for v in variants:
    n_ok = sum(1 for r in rows if r[0] == v and ok(r)); n = sum(1 for r in rows if r[0] == v)
    total, py_total = med(v, 5), med("python", 5)
    # a SnapStart instance starts from the snapshot: its init is not on the event's path, its 1st invoke is
    ratio = f"{total / py_total:.2f}x" if "python" in variants and v != "jdk25-snapstart" else "-"
    print(f"{v:<16} {n_ok:>2}/{n:<2} {med(v, 2):>8.0f} {med(v, 3):>10.0f} {med(v, 4):>6.0f} {total:>9.0f} {ratio:>9} {med(v, 6):>7.0f}")
if "python" in variants:
    # paired: in each run r, the variant against the Python run of the same round
    for v in variants:
        if v in ("python", "jdk25-snapstart"): continue
        pairs = [float(a[5]) / float(b[5]) for a in rows for b in rows
                 if a[0] == v and b[0] == "python" and a[1] == b[1] and ok(a) and ok(b)]
        if pairs:
            print(f"paired init+1st {v} / python: median {statistics.median(pairs):.2f}x over {len(pairs)} rounds")
print(f"function jar: {jar} bytes ({jar / 1048576:.1f} MiB); AOT cache: {aot} bytes ({aot / 1048576:.1f} MiB); "
      f"python function: {py} bytes (boto3 comes with the runtime)")
if not jdk21:
    print("no JDK 21 on this machine (Debian 12 packages none): jdk17 stands in for Lambda's java21")
bad = [r for r in rows if not ok(r)]
sys.exit(1 if bad else 0)
PY
