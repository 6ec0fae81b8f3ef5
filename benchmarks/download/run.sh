#!/usr/bin/env bash
# Download benchmark (NOT part of `make test`). Measures, for one generated series of SIZE_MB:
#   1. raw NBIA emulator throughput:        curl getImage > /dev/null
#   2. raw S3Proxy upload throughput:       the same ZIP bytes uploaded with libs/storage (no parsing)
#   3. the download-service:                job -> getImage streamed into S3Proxy + ZIP/MD5/DICOM checks + index
#   4. peak RSS of the service with PARALLEL such series downloading at once (DOWNLOAD_CONCURRENCY=PARALLEL)
# Targets: (3) >= 80 % of min((1), (2)); peak RSS (4) <= 512 MB.
# Needs: JDK 17, Maven (offline repo is fine), curl, python3, PostgreSQL on 127.0.0.1:5432 (DB_JDBC_URL).
# Usage: benchmarks/download/run.sh            (SIZE_MB=1024 PARALLEL=4 by default)
#        SIZE_MB=256 PARALLEL=2 SKIP_BUILD=1 benchmarks/download/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/download"
WORK=${WORK:-$HERE/.work}
SIZE_MB=${SIZE_MB:-1024}
PARALLEL=${PARALLEL:-4}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NBIA_PORT=${NBIA_PORT:-$(free_port)}
S3_PORT=${S3_PORT:-$(free_port)}
SVC_PORT=${SVC_PORT:-$(free_port)}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx192m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC}
DB_JDBC_URL=${DB_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test}
DB_USERNAME=${DB_USERNAME:-postgres}
DB_PASSWORD=${DB_PASSWORD:-}
export STORAGE_TYPE=s3 STORAGE_BUCKET=bench S3_ENDPOINT="http://127.0.0.1:$S3_PORT" S3_ACCESS_KEY=bench-access S3_SECRET_KEY=bench-secret-key S3_PATH_STYLE=true
mkdir -p "$WORK/logs"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
say() { echo "[bench] $*" >&2; }
wait_http() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; say "no answer from $1"; exit 1; }

cd "$ROOT"
if [ -z "${SKIP_BUILD:-}" ]; then
  say "building (SKIP_BUILD=1 skips)"
  for m in libs/common libs/dicom libs/storage dev/nbia-emulator; do mvn -q -f $m/pom.xml install -DskipTests; done
  mvn -q -f download-service/pom.xml package -DskipTests
fi
S3PROXY_JAR="$WORK/tools/s3proxy.jar"
[ -f "$S3PROXY_JAR" ] || { [ -f "$ROOT/dev/local-stack/target/tools/s3proxy.jar" ] && mkdir -p "$WORK/tools" && cp "$ROOT/dev/local-stack/target/tools/s3proxy.jar" "$S3PROXY_JAR"; } || true
if [ ! -f "$S3PROXY_JAR" ]; then
  mvn -q dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$WORK/tools" -Dmdep.stripVersion=true
  mv "$WORK/tools/s3proxy-jar-with-dependencies.jar" "$S3PROXY_JAR"
fi
CP_FILE="$WORK/storage.classpath"
[ -f "$CP_FILE" ] || mvn -q -f libs/storage/pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime

# --- data: PARALLEL series of SIZE_MB each (generated once, merged into one NBIA_DATA_DIR) ------
DATA="$WORK/nbia-data-$SIZE_MB"
if [ ! -d "$DATA/MedCloud-Benchmark" ]; then
  say "generating $PARALLEL series of $SIZE_MB MB"
  rm -rf "$DATA" "$WORK/gen"; mkdir -p "$DATA"
  for i in $(seq 1 "$PARALLEL"); do
    java -cp dev/nbia-emulator/target/classes org.medcloud.dev.nbia.generate.CollectionGenerator "$WORK/gen/$i" \
      --series 0 --big-series-mb "$SIZE_MB" --seed "$((1000 + i))" --source "$(cd "$ROOT/.." && pwd)/shared/testdata/dicom" >&2
    cp -al "$WORK/gen/$i/." "$DATA/"
  done
fi

# --- servers ---------------------------------------------------------------------------------
rm -rf "$WORK/s3"; mkdir -p "$WORK/s3/bench"
cat >"$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3
PROPS
java -Xmx512m -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.properties" >"$WORK/logs/s3proxy.log" 2>&1 & PIDS+=($!)
env PORT=$NBIA_PORT HTTP_HOST=127.0.0.1 NBIA_DATA_DIR="$DATA" NBIA_GENERATE_ENABLED=false LOG_JSON=false \
  java -Xmx512m -jar dev/nbia-emulator/target/quarkus-app/quarkus-run.jar >"$WORK/logs/nbia.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$NBIA_PORT/emulator/series"
for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.5; done
env PORT=$SVC_PORT HTTP_HOST=127.0.0.1 DB_JDBC_URL="$DB_JDBC_URL" DB_USERNAME="$DB_USERNAME" DB_PASSWORD="$DB_PASSWORD" \
  DB_SCHEMA=download_bench NBIA_BASE_URL="http://127.0.0.1:$NBIA_PORT/nbia-api/services/v4" DOWNLOAD_CONCURRENCY="$PARALLEL" \
  VIEWER_URL=http://127.0.0.1:9 LOG_JSON=false QUARKUS_LOG_LEVEL=INFO \
  java $SERVICE_JAVA_OPTS -jar download-service/target/quarkus-app/quarkus-run.jar >"$WORK/logs/download-service.log" 2>&1 & SVC_PID=$!; PIDS+=($SVC_PID)
wait_http "http://127.0.0.1:$SVC_PORT/q/health/ready"

mapfile -t UIDS < <(curl -fsS "http://127.0.0.1:$NBIA_PORT/emulator/series" | python3 -c '
import json,sys
for s in json.load(sys.stdin):
    if s["collection"]=="MedCloud-Benchmark": print(s["seriesInstanceUid"])')
[ "${#UIDS[@]}" -ge 1 ] || { say "no benchmark series"; exit 1; }
UID1=${UIDS[0]}
NBIA="http://127.0.0.1:$NBIA_PORT/nbia-api/services/v4"

# 1. raw NBIA
read -r RAW_BYTES RAW_SECS < <(curl -fsS -o /dev/null -w '%{size_download} %{time_total}\n' "$NBIA/getImage?SeriesInstanceUID=$UID1&IncludeMD5=Yes")
# 2. raw S3 upload of the same bytes (from a file, so that only the upload is timed)
curl -fsS -o "$WORK/series.zip" "$NBIA/getImage?SeriesInstanceUID=$UID1&IncludeMD5=Yes"
read -r UP_BYTES UP_SECS < <(java -cp "$(cat "$CP_FILE"):libs/storage/target/classes" "$HERE/Upload.java" "$WORK/series.zip" bench/upload-only.zip)
rm -f "$WORK/series.zip"

job() { # uids... -> seconds from the first series start to the last finish, total bytes
  local body; body=$(python3 -c 'import json,sys; print(json.dumps({"seriesInstanceUids": sys.argv[1:], "force": True}))' "$@")
  local id; id=$(curl -fsS -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$SVC_PORT/api/downloads" | python3 -c 'import json,sys; print(json.load(sys.stdin)["jobId"])')
  while true; do
    local j; j=$(curl -fsS "http://127.0.0.1:$SVC_PORT/api/downloads/$id")
    local st; st=$(echo "$j" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    if [ "$st" != running ] && [ "$st" != queued ]; then
      echo "$j" | python3 -c '
import json,sys,datetime
j=json.load(sys.stdin)
if j["state"]!="complete": print("FAILED", json.dumps(j)); sys.exit(1)
p=lambda s: datetime.datetime.fromisoformat(s.replace("Z","+00:00"))
t0=min(p(s["startedAt"]) for s in j["series"]); t1=max(p(s["finishedAt"]) for s in j["series"])
print(sum(s["bytes"] for s in j["series"]), (t1-t0).total_seconds())'
      return
    fi
    sleep 0.5
  done
}
# 3. the service, one series
read -r SVC_BYTES SVC_SECS < <(job "$UID1")

# 4. PARALLEL series at once: peak RSS (VmHWM) of the service
grep -E 'VmHWM' /proc/$SVC_PID/status >&2 || true
RSS_BEFORE=$(awk '/VmHWM/{print $2}' /proc/$SVC_PID/status)
( MAX=0; while kill -0 $SVC_PID 2>/dev/null; do R=$(awk '/VmRSS/{print $2}' /proc/$SVC_PID/status 2>/dev/null || echo 0); [ "${R:-0}" -gt "$MAX" ] && MAX=$R && echo "$MAX" >"$WORK/rss.max"; sleep 0.2; done ) & SAMPLER=$!; PIDS+=($SAMPLER)
read -r PAR_BYTES PAR_SECS < <(job "${UIDS[@]:0:$PARALLEL}")
PEAK_KB=$(awk '/VmHWM/{print $2}' /proc/$SVC_PID/status)
kill $SAMPLER 2>/dev/null || true

python3 - "$RAW_BYTES" "$RAW_SECS" "$UP_BYTES" "$UP_SECS" "$SVC_BYTES" "$SVC_SECS" "$PAR_BYTES" "$PAR_SECS" "$PEAK_KB" "$RSS_BEFORE" "$PARALLEL" "$SIZE_MB" <<'PY'
import sys
rb, rs, ub, us, sb, ss, pb, ps, peak, before, par, size = sys.argv[1:]
mbs = lambda b, s: float(b) / 1e6 / float(s)
raw, up, svc, parr = mbs(rb, rs), mbs(ub, us), mbs(sb, ss), mbs(pb, ps)
slower = min(raw, up)
print(f"series size (ZIP)            : {int(rb)/1e6:.1f} MB ({size} MiB of DICOM)")
print(f"1. curl getImage > /dev/null : {raw:.1f} MB/s ({float(rs):.1f} s)")
print(f"2. S3Proxy upload alone      : {up:.1f} MB/s ({float(us):.1f} s)")
print(f"3. download-service          : {svc:.1f} MB/s ({float(ss):.1f} s) = {100*svc/slower:.0f} % of the slower of 1/2 (target >= 80 %)")
print(f"4. {par} series in parallel    : {parr:.1f} MB/s aggregate ({float(ps):.1f} s), peak RSS {int(peak)/1024:.0f} MB "
      f"(before: {int(before)/1024:.0f} MB; target <= 512 MB)")
PY
