#!/usr/bin/env bash
# Viewer benchmark: viewer-service vs Orthanc (+ DICOMweb plugin) on the same 512x512 CT series.
# NOT part of `make test`. Needs root (ip netns), wrk, Orthanc: apt-get install -y orthanc orthanc-dicomweb wrk
#
#   benchmarks/viewer/run.sh                 # N=200 instances, 15 s per run, 8 connections
#   N=200 DURATION=30s CONNECTIONS=8 THREADS=2 benchmarks/viewer/run.sh
#   SKIP_BUILD=1 benchmarks/viewer/run.sh     # libs already installed, NBIA emulator already compiled
#   BENCH_AUTH=oidc SKIP_BUILD=1 benchmarks/viewer/run.sh   # the viewer with AUTH_MODE=oidc: a local Keycloak
#       (dev/keycloak/keycloak.sh on KC_PORT, default 18180) issues a client-credentials token before each
#       run and every request carries it, so each one pays the bearer-token verification production pays
#
# What runs where (see /work/shared/docs/TOOLCHAIN.md "Peers"):
#   - S3Proxy (filesystem bucket) + viewer-service (+ the machine's PostgreSQL, schema viewer_bench) on loopback;
#   - Orthanc 1.10 in a network namespace with only `lo` (it cannot bind to one address), wrk for Orthanc
#     runs inside that namespace, wrk for the viewer on the host loopback. Both are loopback-only.
# Measured (wrk, CONNECTIONS connections, rotating over all instances of the series):
#   1. rendered 512x512 CT frames (PNG): ours /api/viewer/instances/{sop}/rendered and /dicomweb/.../rendered,
#      with our rendered-image cache on (default) and off (VIEWER_CACHE_RENDERED_BYTES=0: every request decodes/
#      windows/encodes); Orthanc /instances/{id}/rendered and /dicom-web/.../rendered
#   2. WADO-RS frames (.../frames/1, stored transfer syntax)
#   3. WADO-RS series metadata of the N-instance series
# Raw wrk output and a summary go to $WORK (default /tmp/viewer-bench); the summary is printed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/benchmarks/viewer"
WORK="${WORK:-/tmp/viewer-bench}"
N="${N:-200}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
SRC="${SRC:-$ROOT/../shared/testdata/dicom/ct_implicit_le_ge_signed_rescale_cornerstone.dcm}"
VIEWER_PORT="${VIEWER_PORT:-18083}"
S3_PORT="${S3_PORT:-18095}"
ORTHANC_PORT="${ORTHANC_PORT:-18042}"
NETNS="${NETNS:-viewerbench}"
DB_JDBC_URL="${DB_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
DB_SCHEMA=viewer_bench
BENCH_AUTH="${BENCH_AUTH:-none}"
KC_PORT="${KC_PORT:-18180}"
ISSUER="http://127.0.0.1:$KC_PORT/realms/medcloud"
PIDS=()

say() { printf '[viewer-bench] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { say "missing $1 ($2)"; exit 1; }; }
need wrk "apt-get install -y wrk"
need Orthanc "apt-get install -y orthanc orthanc-dicomweb"
need curl "apt-get install -y curl"
need ip "iproute2"
[ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || { say "missing orthanc-dicomweb"; exit 1; }
[ "$(id -u)" = 0 ] || { say "needs root for ip netns"; exit 1; }

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$NETNS" 2>/dev/null || true
}
trap cleanup EXIT

wait_http() { # url [netns]
  for _ in $(seq 1 120); do
    if [ -n "${2:-}" ]; then ip netns exec "$2" curl -fs -o /dev/null "$1" && return 0
    else curl -fs -o /dev/null "$1" && return 0; fi
    sleep 1
  done
  say "timeout waiting for $1"; exit 1
}

rm -rf "$WORK"; mkdir -p "$WORK/s3/bench" "$WORK/orthanc-db" "$WORK/raw"

# --- build ------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building (libs, viewer-service jar, NBIA emulator classes for the data generator)..."
  for lib in common dicom storage; do mvn -q -f "$ROOT/libs/$lib/pom.xml" install -DskipTests; done
  mvn -q -f "$ROOT/dev/nbia-emulator/pom.xml" compile
else
  say "SKIP_BUILD=1: using the libs in ~/.m2 (viewer-service is still packaged)"
fi
mvn -q -f "$ROOT/viewer-service/pom.xml" package -DskipTests

# --- data ---------------------------------------------------------------------------------------
say "generating a $N-instance 512x512 CT series from $(basename "$SRC")..."
java -cp "$ROOT/dev/nbia-emulator/target/classes" "$HERE/GenSeries.java" "$SRC" "$WORK/data" "$WORK/s3/bench" "$N"
# shellcheck disable=SC1091
. "$WORK/data/series.env"

# --- S3Proxy + viewer ---------------------------------------------------------------------------
S3JAR="$(ls "$HOME"/.m2/repository/org/gaul/s3proxy/*/s3proxy-*-jar-with-dependencies.jar 2>/dev/null | tail -1)"
[ -n "$S3JAR" ] || S3JAR="$ROOT/dev/local-stack/target/tools/s3proxy.jar"
cat >"$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3
PROPS
java -Xmx256m -jar "$S3JAR" --properties "$WORK/s3proxy.properties" >"$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)

# --- Keycloak (BENCH_AUTH=oidc) ------------------------------------------------------------------
AUTH_ENV=()
if [ "$BENCH_AUTH" = oidc ]; then
  say "starting Keycloak on $KC_PORT for AUTH_MODE=oidc..."
  "$ROOT/dev/keycloak/keycloak.sh" "$KC_PORT" "$WORK/keycloak" >"$WORK/keycloak.log" 2>&1 &
  PIDS+=($!)
  wait_http "$ISSUER/.well-known/openid-configuration"
  AUTH_ENV=(AUTH_MODE=oidc OIDC_ISSUER_URL="$ISSUER")
elif [ "$BENCH_AUTH" != none ]; then
  say "BENCH_AUTH must be none or oidc"; exit 1
fi
# A fresh access token (the realm's tokens live 300 s; one is taken before each measured run).
TOKEN=""
fresh_token() {
  [ "$BENCH_AUTH" = oidc ] || return 0
  TOKEN=$(curl -fs -d grant_type=client_credentials -d client_id=medcloud-services \
    -d client_secret=medcloud-services-local-secret "$ISSUER/protocol/openid-connect/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$TOKEN" ] || { say "no token from $ISSUER: see $WORK/keycloak.log"; exit 1; }
}
auth_header() { [ -n "$TOKEN" ] && printf 'Authorization: Bearer %s' "$TOKEN" || printf 'X-No-Auth: 1'; }

psql_exec() { psql "postgresql://${DB_USERNAME:-postgres}@127.0.0.1:5432/test" -qc "$1" >/dev/null 2>&1 || true; }
psql_exec "DROP SCHEMA IF EXISTS $DB_SCHEMA CASCADE"

start_viewer() { # extra env...
  env PORT="$VIEWER_PORT" HTTP_HOST=127.0.0.1 DB_JDBC_URL="$DB_JDBC_URL" DB_SCHEMA="$DB_SCHEMA" LOG_JSON=false \
    STORAGE_TYPE=s3 STORAGE_BUCKET=bench S3_ENDPOINT="http://127.0.0.1:$S3_PORT" S3_REGION=us-east-1 \
    S3_ACCESS_KEY=bench-access S3_SECRET_KEY=bench-secret "${AUTH_ENV[@]}" "$@" \
    java -Xmx1g -jar "$ROOT/viewer-service/target/quarkus-app/quarkus-run.jar" >>"$WORK/viewer.log" 2>&1 &
  VIEWER_PID=$!
  PIDS+=("$VIEWER_PID")
  wait_http "http://127.0.0.1:$VIEWER_PORT/q/health/ready"
}
stop_viewer() { kill "$VIEWER_PID"; wait "$VIEWER_PID" 2>/dev/null || true; }

sleep 2
start_viewer
V="http://127.0.0.1:$VIEWER_PORT"
fresh_token
curl -fs -XPOST -H "$(auth_header)" -H 'Content-Type: application/json' -d "{\"indexKey\":\"$INDEX_KEY\"}" "$V/api/viewer/catalog" >/dev/null || true
curl -fs -H "$(auth_header)" "$V/api/viewer/series/$SERIES" >/dev/null || { say "series not registered: see $WORK/viewer.log"; exit 1; }
if [ "$BENCH_AUTH" = oidc ]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' "$V/api/viewer/series/$SERIES")
  [ "$code" = 401 ] || { say "AUTH_MODE=oidc: a request without a token got $code, not 401"; exit 1; }
fi

# --- Orthanc in a namespace with only lo ----------------------------------------------------------
ip netns del "$NETNS" 2>/dev/null || true
ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up
cat >"$WORK/orthanc.json" <<JSON
{ "Name": "viewer-bench", "StorageDirectory": "$WORK/orthanc-db", "IndexDirectory": "$WORK/orthanc-db",
  "HttpPort": $ORTHANC_PORT, "DicomPort": 14242, "RemoteAccessAllowed": true, "AuthenticationEnabled": false,
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
JSON
ip netns exec "$NETNS" Orthanc "$WORK/orthanc.json" >"$WORK/orthanc.log" 2>&1 &
PIDS+=($!)
O="http://127.0.0.1:$ORTHANC_PORT"
wait_http "$O/system" "$NETNS"
say "uploading $N instances to Orthanc..."
: >"$WORK/orthanc-ids.txt"
for f in "$WORK"/data/dcm/*.dcm; do
  ip netns exec "$NETNS" curl -fs -X POST --data-binary @"$f" "$O/instances" \
    | sed -n 's/.*"ID" *: *"\([^"]*\)".*/\1/p' >>"$WORK/orthanc-ids.txt"
done

# --- path lists ---------------------------------------------------------------------------------------
P="$WORK/paths"; mkdir -p "$P"
sed "s|.*|/api/viewer/instances/&/rendered?size=512|" "$WORK/data/sops.txt" >"$P/ours-rendered"
sed "s|.*|/dicomweb/studies/$STUDY/series/$SERIES/instances/&/rendered|" "$WORK/data/sops.txt" >"$P/ours-dw-rendered"
sed "s|.*|/dicomweb/studies/$STUDY/series/$SERIES/instances/&/frames/1|" "$WORK/data/sops.txt" >"$P/ours-frames"
echo "/dicomweb/studies/$STUDY/series/$SERIES/metadata" >"$P/ours-metadata"
sed "s|.*|/instances/&/rendered|" "$WORK/orthanc-ids.txt" >"$P/orthanc-rendered"
sed "s|.*|/dicom-web/studies/$STUDY/series/$SERIES/instances/&/rendered|" "$WORK/data/sops.txt" >"$P/orthanc-dw-rendered"
sed "s|.*|/dicom-web/studies/$STUDY/series/$SERIES/instances/&/frames/1|" "$WORK/data/sops.txt" >"$P/orthanc-frames"
echo "/dicom-web/studies/$STUDY/series/$SERIES/metadata" >"$P/orthanc-metadata"

FRAMES_ACCEPT='multipart/related; type="application/octet-stream"; transfer-syntax=*'
run() { # name base paths accept [netns]
  local name=$1 base=$2 paths=$3 accept=$4 ns=${5:-}
  [ -n "$ns" ] || fresh_token  # Orthanc runs without authentication
  local cmd=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$HERE/rotate.lua" "$base" -- "$paths")
  # prime (every path once: storage reads, parsing, decoding), warm-up (JIT), then the measured run
  while read -r path; do
    if [ -n "$ns" ]; then ip netns exec "$ns" curl -s -o /dev/null -H "Accept: $accept" "$base$path"
    else curl -s -o /dev/null -H "Accept: $accept" -H "$(auth_header)" "$base$path"; fi
  done <"$paths"
  if [ -n "$ns" ]; then
    ACCEPT="$accept" ip netns exec "$ns" wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --timeout 30s -s "$HERE/rotate.lua" "$base" -- "$paths" >/dev/null
    ACCEPT="$accept" ip netns exec "$ns" "${cmd[@]}" >"$WORK/raw/$name.txt"
  else
    ACCEPT="$accept" AUTHORIZATION="${TOKEN:+Bearer $TOKEN}" wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --timeout 30s -s "$HERE/rotate.lua" "$base" -- "$paths" >/dev/null
    ACCEPT="$accept" AUTHORIZATION="${TOKEN:+Bearer $TOKEN}" "${cmd[@]}" >"$WORK/raw/$name.txt"
  fi
  printf '%-28s %s\n' "$name" "$(grep '^RESULT' "$WORK/raw/$name.txt" | sed 's/^RESULT //')" | tee -a "$WORK/summary.txt"
}

: >"$WORK/summary.txt"
say "measuring (each run: 5 s warm-up + $DURATION, $CONNECTIONS connections)..."
run ours-rendered-cached      "$V" "$P/ours-rendered" "image/png"
run ours-dw-rendered-cached   "$V" "$P/ours-dw-rendered" "image/png"
run ours-frames               "$V" "$P/ours-frames" "$FRAMES_ACCEPT"
run ours-metadata             "$V" "$P/ours-metadata" "application/dicom+json"
run orthanc-rendered          "$O" "$P/orthanc-rendered" "image/png" "$NETNS"
run orthanc-dw-rendered       "$O" "$P/orthanc-dw-rendered" "image/png" "$NETNS"
run orthanc-frames            "$O" "$P/orthanc-frames" "$FRAMES_ACCEPT" "$NETNS"
run orthanc-metadata          "$O" "$P/orthanc-metadata" "application/dicom+json" "$NETNS"
say "restarting the viewer without the rendered-image cache (every request renders + encodes)..."
stop_viewer
start_viewer VIEWER_CACHE_RENDERED_BYTES=0
run ours-rendered-uncached    "$V" "$P/ours-rendered" "image/png"
run ours-dw-rendered-uncached "$V" "$P/ours-dw-rendered" "image/png"

say "done; raw output in $WORK/raw"
echo "machine: $(nproc) cores; N=$N; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; viewer auth: $BENCH_AUTH"
cat "$WORK/summary.txt"
