#!/usr/bin/env bash
# `make run`: the whole product on this machine, behind one URL (default http://localhost:8080).
# Starts on loopback: S3Proxy (filesystem-backed S3, bucket created), PostgreSQL (the machine's,
# or an embedded one), the NBIA emulator, the MONAI Label stand-in, the four services and the
# gateway serving the web UI. Logs go to $STACK_DIR/logs. Ctrl-C stops everything.
# AUTH_MODE=oidc also starts Keycloak (dev/keycloak) first and turns sign-in on everywhere.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

: "${STACK_DIR:=$ROOT/.local}"
: "${GATEWAY_PORT:=8080}"
: "${SEARCH_PORT:=8081}"
: "${DOWNLOAD_PORT:=8082}"
: "${VIEWER_PORT:=8083}"
: "${INFERENCE_PORT:=8084}"
: "${NBIA_EMULATOR_PORT:=8091}"
: "${MONAI_EMULATOR_PORT:=8092}"
: "${S3_PORT:=8095}"
: "${STORAGE_BUCKET:=medcloud}"
: "${S3_ACCESS_KEY:=local-access-key}"
: "${S3_SECRET_KEY:=local-secret-key}"
: "${DB_HOST:=127.0.0.1}"
: "${DB_PORT:=5432}"
: "${EMBEDDED_DB_PORT:=15432}"
: "${SKIP_BUILD:=0}"
: "${HEALTH_TIMEOUT:=90}"
: "${JAVA_OPTS:=-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
: "${SERVICE_JAVA_OPTS:=-Xmx512m}"
: "${NBIA_DATA_DIR:=$STACK_DIR/nbia-data}"
: "${SCHEMA_PREFIX:=}"   # e.g. e2e_123_: isolates the services' schemas (download, viewer, inference)
: "${AUTH_MODE:=none}"   # none | oidc (starts Keycloak; docs/security.md)
: "${KEYCLOAK_PORT:=8180}"
export STACK_DIR

LOGS=$STACK_DIR/logs
mkdir -p "$LOGS" "$STACK_DIR/s3" "$NBIA_DATA_DIR"
PIDS=()
NAMES=()

say() { printf '[make run] %s\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_all() {
  trap - INT TERM EXIT
  say "stopping ${#PIDS[@]} processes..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.25
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  say "stopped."
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

start() { # name, then command...
  local name=$1; shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
  say "started $name (pid $!, log $LOGS/$name.log)"
}

case "$AUTH_MODE" in
  none) ;;
  oidc) OIDC_PORTS=$KEYCLOAK_PORT ;;
  *) say "AUTH_MODE=$AUTH_MODE: make run supports none (default) and oidc"; exit 1 ;;
esac
for p in $GATEWAY_PORT $SEARCH_PORT $DOWNLOAD_PORT $VIEWER_PORT $INFERENCE_PORT $NBIA_EMULATOR_PORT $MONAI_EMULATOR_PORT $S3_PORT ${OIDC_PORTS:-}; do
  if port_open "$p"; then say "port $p is already in use: stop what uses it or set the matching *_PORT variable"; exit 1; fi
done

if [ "$SKIP_BUILD" != 1 ]; then
  say "building the services (mvn -DskipTests install; SKIP_BUILD=1 skips)..."
  mvn -q -DskipTests -Dquarkus.log.level=WARN install >"$LOGS/build.log" 2>&1 || { say "build failed: see $LOGS/build.log"; tail -30 "$LOGS/build.log"; exit 1; }
  if [ -f web-ui/package.json ]; then
    say "building the web UI..."
    (cd web-ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build) >"$LOGS/ui-build.log" 2>&1 \
      || { say "web UI build failed: see $LOGS/ui-build.log"; exit 1; }
  fi
fi

# --- identity provider (AUTH_MODE=oidc): Keycloak with the medcloud realm, ready before the services
UI_AUTH_ENV=()
if [ "$AUTH_MODE" = oidc ]; then
  start keycloak env MEDCLOUD_WEB_PORT="$GATEWAY_PORT" dev/keycloak/keycloak.sh "$KEYCLOAK_PORT" "$STACK_DIR/keycloak"
  KEYCLOAK_PID=${PIDS[-1]}
  export AUTH_MODE OIDC_ISSUER_URL="http://127.0.0.1:$KEYCLOAK_PORT/realms/medcloud" \
    OIDC_CLIENT_ID=medcloud-services OIDC_CLIENT_SECRET="${OIDC_CLIENT_SECRET:-medcloud-services-local-secret}"
  UI_AUTH_ENV=(UI_AUTH_MODE=oidc UI_OIDC_ISSUER="$OIDC_ISSUER_URL" UI_OIDC_CLIENT_ID=medcloud-web)
fi

# --- object storage: S3Proxy on the filesystem --------------------------------------------
cat >"$STACK_DIR/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
s3proxy.cors-allow-all=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$STACK_DIR/s3
PROPS
mkdir -p "$STACK_DIR/s3/$STORAGE_BUCKET"   # the filesystem provider's bucket is a folder
start s3proxy java -Xmx256m -jar dev/local-stack/target/tools/s3proxy.jar --properties "$STACK_DIR/s3proxy.properties"

# --- PostgreSQL: the machine's, or an embedded one ----------------------------------------
if [ -z "${DB_JDBC_URL:-}" ]; then
  if port_open "$DB_PORT"; then
    DB_JDBC_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/test"
    say "using the PostgreSQL server on $DB_HOST:$DB_PORT"
  else
    say "no PostgreSQL on $DB_HOST:$DB_PORT: starting an embedded one on $EMBEDDED_DB_PORT"
    start postgres java -cp "dev/local-stack/target/classes:dev/local-stack/target/lib/*" \
      org.medcloud.dev.stack.EmbeddedPostgresMain "$EMBEDDED_DB_PORT" "$STACK_DIR/pgdata"
    for _ in $(seq 1 60); do port_open "$EMBEDDED_DB_PORT" && break; sleep 1; done
    DB_JDBC_URL="jdbc:postgresql://127.0.0.1:$EMBEDDED_DB_PORT/test"
  fi
fi
export DB_JDBC_URL DB_USERNAME="${DB_USERNAME:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}"
export STORAGE_TYPE=s3 STORAGE_BUCKET S3_ENDPOINT="http://127.0.0.1:$S3_PORT" S3_REGION=us-east-1 \
  S3_ACCESS_KEY S3_SECRET_KEY S3_PATH_STYLE=true LOG_JSON="${LOG_JSON:-false}"

app() { echo "$1/target/quarkus-app/quarkus-run.jar"; }

# --- stand-ins for the internet and GPU parts -----------------------------------------------
start nbia-emulator env PORT=$NBIA_EMULATOR_PORT NBIA_DATA_DIR="$NBIA_DATA_DIR" \
  java $JAVA_OPTS -jar "$(app dev/nbia-emulator)"
export NBIA_BASE_URL="http://127.0.0.1:$NBIA_EMULATOR_PORT/nbia-api/services"
start monai-label-emulator env PORT=$MONAI_EMULATOR_PORT DICOMWEB_URL="http://127.0.0.1:$VIEWER_PORT/dicomweb" \
  java $JAVA_OPTS -jar "$(app dev/monai-label-emulator)"

# --- the product's services -----------------------------------------------------------------
if [ "$AUTH_MODE" = oidc ]; then   # the services read the issuer's discovery document at start
  kc_start=$(date +%s)
  until curl -sf -m 2 "$OIDC_ISSUER_URL/.well-known/openid-configuration" >/dev/null 2>&1; do
    kill -0 "$KEYCLOAK_PID" 2>/dev/null || { say "keycloak exited during start-up; last lines of $LOGS/keycloak.log:"; tail -8 "$LOGS/keycloak.log"; exit 1; }
    if [ $(( $(date +%s) - kc_start )) -ge 180 ]; then say "Keycloak not ready after 180 s (see $LOGS/keycloak.log)"; exit 1; fi
    sleep 1
  done
  say "Keycloak ready: $OIDC_ISSUER_URL (users vera/vera-password, adam/adam-password)"
fi
start search-service env PORT=$SEARCH_PORT java $SERVICE_JAVA_OPTS -jar "$(app search-service)"
start download-service env PORT=$DOWNLOAD_PORT DB_SCHEMA=${SCHEMA_PREFIX}download VIEWER_URL="http://127.0.0.1:$VIEWER_PORT" java $SERVICE_JAVA_OPTS -jar "$(app download-service)"
start viewer-service env PORT=$VIEWER_PORT DB_SCHEMA=${SCHEMA_PREFIX}viewer java $SERVICE_JAVA_OPTS -jar "$(app viewer-service)"
start inference-gateway env PORT=$INFERENCE_PORT DB_SCHEMA=${SCHEMA_PREFIX}inference \
  MONAI_LABEL_URL="http://127.0.0.1:$MONAI_EMULATOR_PORT" VIEWER_URL="http://127.0.0.1:$VIEWER_PORT" \
  java $SERVICE_JAVA_OPTS -jar "$(app inference-gateway)"
start gateway env GATEWAY_PORT=$GATEWAY_PORT UI_DIR="$ROOT/web-ui/dist/web/browser" "${UI_AUTH_ENV[@]}" \
  SEARCH_URL="http://127.0.0.1:$SEARCH_PORT" DOWNLOAD_URL="http://127.0.0.1:$DOWNLOAD_PORT" \
  VIEWER_URL="http://127.0.0.1:$VIEWER_PORT" INFERENCE_URL="http://127.0.0.1:$INFERENCE_PORT" \
  java $JAVA_OPTS -jar "$(app dev/local-gateway)"

# --- wait for health ------------------------------------------------------------------------
declare -A HEALTH=(
  [nbia-emulator]=$NBIA_EMULATOR_PORT [monai-label-emulator]=$MONAI_EMULATOR_PORT
  [search-service]=$SEARCH_PORT [download-service]=$DOWNLOAD_PORT [viewer-service]=$VIEWER_PORT
  [inference-gateway]=$INFERENCE_PORT)
start_time=$(date +%s)
pending=("${!HEALTH[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  still=()
  for name in "${pending[@]}"; do
    status=$(curl -s -m 2 "http://127.0.0.1:${HEALTH[$name]}/q/health" 2>/dev/null | grep -o '"status" *: *"[A-Z]*"' | head -1 | grep -o '[A-Z]*"$' | tr -d '"')
    [ "$status" = UP ] || still+=("$name")
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -eq 0 ] && break
  if [ $(( $(date +%s) - start_time )) -ge "$HEALTH_TIMEOUT" ]; then
    say "not healthy after ${HEALTH_TIMEOUT}s: ${pending[*]} (see $LOGS/<name>.log)"
    for name in "${pending[@]}"; do say "--- last lines of $name.log"; tail -5 "$LOGS/$name.log"; done
    exit 1
  fi
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      say "${NAMES[$i]} exited during start-up; last lines of $LOGS/${NAMES[$i]}.log:"
      grep -v '^[[:space:]]*at ' "$LOGS/${NAMES[$i]}.log" | tail -8
      exit 1
    fi
  done
  sleep 1
done
elapsed=$(( $(date +%s) - start_time ))

cat <<SUMMARY

  medcloud is up in ${elapsed}s — open http://localhost:$GATEWAY_PORT

  component             where                                          health
  gateway + web UI      http://localhost:$GATEWAY_PORT                             UP
  search-service        http://127.0.0.1:$SEARCH_PORT  (/api/search)                 UP
  download-service      http://127.0.0.1:$DOWNLOAD_PORT  (/api/downloads)              UP
  viewer-service        http://127.0.0.1:$VIEWER_PORT  (/api/viewer, /dicomweb)      UP
  inference-gateway     http://127.0.0.1:$INFERENCE_PORT  (/api/inference)              UP
  NBIA emulator         $NBIA_BASE_URL      UP
  MONAI Label stand-in  http://127.0.0.1:$MONAI_EMULATOR_PORT                          UP
  S3 (S3Proxy)          http://127.0.0.1:$S3_PORT  bucket $STORAGE_BUCKET
  PostgreSQL            $DB_JDBC_URL
  sign-in (AUTH_MODE)   $AUTH_MODE${OIDC_ISSUER_URL:+  Keycloak $OIDC_ISSUER_URL (vera/vera-password viewer, adam/adam-password admin; console admin/admin)}
  logs                  $LOGS

  Ctrl-C stops everything.
SUMMARY

# Stay in the foreground until Ctrl-C, or until any process dies.
while true; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then say "process $pid exited; stopping the stack (see $LOGS)"; exit 1; fi
  done
  sleep 2
done
