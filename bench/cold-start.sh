#!/usr/bin/env bash
# Cold-start benchmark of the linkdns Lambda, outside AWS.
#
# Each run starts a fresh JVM with the real AWS Lambda runtime interface client (the one the java21
# managed runtime uses) and the SHADED function jar, against a local Runtime API (bench/LocalRuntime.java)
# that serves one event: the CloudTrail CreateVpcEndpoint event (as EventBridge delivers it) for a
# freshly created, tagged 3-AZ endpoint in moto. So every run does the full work of a first event:
# describe the endpoint, create the private zone, write 4 CNAMEs and their owner markers. The same JVM
# then gets a second such event (another new endpoint and domain): the warm invocation, for comparison
# (what the same work costs once the code paths are loaded; mostly moto's own latency).
#
# Usage: bench/cold-start.sh            (N=5 runs; SKIP_BUILD=1 reuses the built jar;
#                                        MODE=classpath|taskroot, see below)
# Results: bench/target/results.tsv, bench/target/run-*.log; summary on stdout.
#
# MODE=classpath (default): java -cp <runtime client jars>:<shaded jar> AWSLambda <handler>
# MODE=taskroot: the shaded jar extracted into LAMBDA_TASK_ROOT (what Lambda does with a jar upload:
#                /var/task holds its classes) and loaded by the runtime client's customer class loader.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N="${N:-5}"
MODE="${MODE:-classpath}"
OUT="$ROOT/bench/target"
JAR="$ROOT/aws-function/target/linkdns-aws-function.jar"
HANDLER="io.linkdns.aws.Handler::handleRequest"
RIC_MAIN="com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
SERVICE="com.amazonaws.vpce.us-east-2.vpce-svc-0a1b2c3d4e5f60718"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-2 AWS_REGION=us-east-2
unset AWS_PROFILE AWS_SESSION_TOKEN || true

mkdir -p "$OUT"
rm -f "$OUT"/run-*.log "$OUT"/event-*.json "$OUT/results.tsv"

# ---- 1. fresh build (shaded jar) and the runtime client's jars
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo ">> mvn -o -q install -DskipTests" >&2
  mvn -B -o -q -Dstyle.color=never install -DskipTests >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
fi
[ -f "$JAR" ] || { echo "missing $JAR" >&2; exit 1; }
rm -rf "$OUT/ric"
# The runtime client and what it needs at run time (aws-lambda-java-core, -serialization, utils-lite),
# at the versions the project resolves.
mvn -B -o -q -Dstyle.color=never -pl aws-function dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$OUT/ric" \
  -DincludeArtifactIds=aws-lambda-java-runtime-interface-client,aws-lambda-java-core,aws-lambda-java-serialization,utils-lite \
  >"$OUT/copy-deps.log" 2>&1 || { cat "$OUT/copy-deps.log" >&2; exit 1; }
RIC_CP="$(ls "$OUT"/ric/*.jar | tr '\n' ':' | sed 's/:$//')"

# ---- 2. moto (stdin kept open: linkdns_moto.py exits on EOF)
rm -f "$OUT/moto.in"; mkfifo "$OUT/moto.in"
python3 aws-function/moto/linkdns_moto.py --port 0 --host 127.0.0.1 <"$OUT/moto.in" >"$OUT/moto.out" 2>"$OUT/moto.log" &
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
echo ">> moto at $ENDPOINT" >&2
ec2() { aws --endpoint-url "$ENDPOINT" --region us-east-2 --output text ec2 "$@"; }

# ---- 3. the world: a VPC, 3 subnets, and two tagged 3-AZ endpoints (own domains) per run
VPC="$(ec2 create-vpc --cidr-block 10.20.0.0/16 --query Vpc.VpcId)"
SUBNETS=()
i=1
for az in us-east-2a us-east-2b us-east-2c; do
  SUBNETS+=("$(ec2 create-subnet --vpc-id "$VPC" --availability-zone "$az" --cidr-block "10.20.$i.0/24" --query Subnet.SubnetId)")
  i=$((i + 1))
done
for ev in $(seq 1 "$N" | sed 's/$/-cold/'; seq 1 "$N" | sed 's/$/-warm/'); do
  domain="bench$ev-$RANDOM.us-east-2.aws.confluent.cloud"
  vpce="$(ec2 create-vpc-endpoint --vpc-id "$VPC" --vpc-endpoint-type Interface --service-name "$SERVICE" \
    --subnet-ids "${SUBNETS[@]}" \
    --tag-specifications "ResourceType=vpc-endpoint,Tags=[{Key=linkdns:domain,Value=$domain}]" \
    --query VpcEndpoint.VpcEndpointId)"
  # The CloudTrail event EventBridge delivers for that call (the test fixture, filled in).
  python3 - "$vpce" "$VPC" "$SERVICE" "$domain" "${SUBNETS[@]}" >"$OUT/event-$ev.json" <<'PY'
import json, sys
vpce, vpc, service, domain, *subnets = sys.argv[1:]
items = [{"tag": i + 1, "content": s} for i, s in enumerate(subnets)]
text = open("aws-function/src/test/resources/cloudtrail/create-vpc-endpoint.json").read()
for k, v in {"{{endpointId}}": vpce, "{{vpcId}}": vpc, "{{serviceName}}": service, "{{domain}}": domain,
             "{{subnetItems}}": json.dumps(items if len(items) > 1 else items[0]),
             "{{subnetPlain}}": json.dumps(subnets if len(subnets) > 1 else subnets[0])}.items():
    text = text.replace(k, v)
json.loads(text)
sys.stdout.write(text)
PY
done

# ---- 4. N cold starts
TASK="$OUT/task"
rm -rf "$TASK"; mkdir -p "$TASK"
if [ "$MODE" = taskroot ]; then
  (cd "$TASK" && unzip -q "$JAR")
  CP="$RIC_CP"
else
  CP="$RIC_CP:$JAR"
fi
# Compile the local Runtime API once (java FILE.java would recompile on every run).
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" bench/LocalRuntime.java

printf 'run\tinit_ms\tinvoke_ms\twarm_ms\ttotal_ms\tpeak_rss_mib\tstatus\n' >"$OUT/results.tsv"
for run in $(seq 1 "$N"); do
  line="$(java -cp "$OUT/classes" LocalRuntime --event "$OUT/event-$run-cold.json" --event "$OUT/event-$run-warm.json" --log "$OUT/run-$run.log" --dir "$TASK" \
    -e "_HANDLER=$HANDLER" -e "LAMBDA_TASK_ROOT=$TASK" -e "LAMBDA_RUNTIME_DIR=$OUT/ric" \
    -e AWS_EXECUTION_ENV=AWS_Lambda_java21 -e AWS_LAMBDA_FUNCTION_NAME=linkdns -e 'AWS_LAMBDA_FUNCTION_VERSION=$LATEST' \
    -e AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024 -e AWS_LAMBDA_INITIALIZATION_TYPE=on-demand \
    -e AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/linkdns -e "AWS_LAMBDA_LOG_STREAM_NAME=bench-$run" -e AWS_LAMBDA_LOG_FORMAT=Text \
    -e TZ=:UTC -e AWS_REGION=us-east-2 -e AWS_DEFAULT_REGION=us-east-2 -e "AWS_ENDPOINT_URL=$ENDPOINT" \
    -e AWS_ACCESS_KEY_ID=test -e AWS_SECRET_ACCESS_KEY=test \
    -e LINKDNS_OWNER_ID=linkdns-us-east-2 -e LINKDNS_POLICY=sync -e LINKDNS_LAYOUT=confluent-aws-dedicated \
    -e LINKDNS_CREATE_ZONES=true -e LINKDNS_ROUTE53_RATE=5 -e LINKDNS_MAX_ATTEMPTS=8 \
    -e "JAVA_TOOL_OPTIONS=-XX:+TieredCompilation -XX:TieredStopAtLevel=1" \
    -- java -cp "$CP" "$RIC_MAIN" "$HANDLER" | tee -a "$OUT/runtime-api.out" | sed -n 's/^RESULT //p')" || true
  get() { v="$(echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p")"; echo "${v:-NA}"; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$(get init_ms)" "$(get invoke_ms)" "$(get warm1_ms)" "$(get total_ms)" \
    "$(get peak_rss_mib)" "$(get status)" >>"$OUT/results.tsv"
  grep -q '"message":"reconciled"' "$OUT/run-$run.log" || echo "run $run: no 'reconciled' line in $OUT/run-$run.log" >&2
done

# ---- 5. summary
JAR_BYTES="$(stat -c %s "$JAR")"
python3 - "$OUT/results.tsv" "$JAR_BYTES" "$MODE" "$N" <<'PY'
import statistics, sys
path, jar_bytes, mode, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(path)][1:]
print(f"mode={mode} runs={n}")
print(f"{'run':>3} {'init ms':>9} {'1st invoke ms':>14} {'warm invoke ms':>15} {'init+1st ms':>12} {'peak RSS MiB':>13}  status")
for r in rows:
    print(f"{r[0]:>3} {r[1]:>9} {r[2]:>14} {r[3]:>15} {r[4]:>12} {r[5]:>13}  {r[6]}")
ok = [r for r in rows if r[6] == "ok"]
def med(i):
    return statistics.median(float(r[i]) for r in ok) if ok else float("nan")
print(f"median ({len(ok)}/{len(rows)} ok): init {med(1):.0f} ms, first invocation {med(2):.0f} ms, "
      f"warm invocation {med(3):.0f} ms, init+first {med(4):.0f} ms, peak RSS {med(5):.0f} MiB")
print(f"shaded jar: {jar_bytes} bytes ({jar_bytes / 1048576:.1f} MiB)")
if len(ok) != len(rows):
    sys.exit(1)
PY
