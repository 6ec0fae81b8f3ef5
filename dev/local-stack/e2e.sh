#!/usr/bin/env bash
# `make test-e2e`: starts the local stack (dev/local-stack/run.sh) in the background, waits until
# the gateway serves the UI and the search API, runs the Playwright end-to-end tests of web-ui
# against it in Debian's Chromium, always stops the stack, and exits with Playwright's status.
#
#   SKIP_BUILD=1   reuse what is built (run.sh skips mvn install and the UI build)
#   GATEWAY_PORT   gateway port (default 8080), handed to run.sh and to Playwright
#   E2E_BUILD_TIMEOUT / E2E_READY_TIMEOUT   seconds for run.sh's build / for readiness after it (1200 / 150)
#   Extra arguments go to `npx playwright test` (for example a spec name, or --grep).
#
# Then a second phase (docs/security.md): a fresh stack with AUTH_MODE=oidc and its own Keycloak,
# on its own ports (the first phase's + E2E_OIDC_PORT_OFFSET, default 500: gateway 8580, Keycloak
# 8680) and schemas, runs only the Playwright specs tagged @oidc (E2E_OIDC=1).
#   E2E_OIDC_PHASE   1: both phases (default without arguments), 0: first phase only (default with
#                    arguments), only: the OIDC phase alone
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

: "${STACK_DIR:=$ROOT/.local/e2e}"   # a fresh stack every run: its own S3 folder, data and logs
: "${SCHEMA_PREFIX:=e2e_$(date +%s)_}"   # and its own database schemas
: "${GATEWAY_PORT:=8080}"
: "${SKIP_BUILD:=0}"
: "${E2E_BUILD_TIMEOUT:=1200}"
: "${E2E_READY_TIMEOUT:=150}"
: "${CHROME_BIN:=/usr/bin/chromium}"
if [ $# -gt 0 ]; then : "${E2E_OIDC_PHASE:=0}"; else : "${E2E_OIDC_PHASE:=1}"; fi
: "${E2E_OIDC_PORT_OFFSET:=500}"
case "$STACK_DIR" in *e2e*) rm -rf "$STACK_DIR" ;; esac   # only ever wipe an e2e folder
export STACK_DIR GATEWAY_PORT CHROME_BIN SCHEMA_PREFIX

LOGS=$STACK_DIR/logs
LOG=$LOGS/stack.log
BASE="http://localhost:$GATEWAY_PORT"
mkdir -p "$LOGS"
STACK_PID=

say() { printf '[e2e] %s\n' "$*"; }

if [ ! -x "$CHROME_BIN" ]; then
  say "no Chromium at $CHROME_BIN: install it (apt-get install -y chromium) or set CHROME_BIN"
  exit 1
fi

# Playwright comes with the UI's dev dependencies.
if [ ! -d web-ui/node_modules ]; then
  say "installing the web UI's dependencies (npm ci)..."
  (cd web-ui && npm ci --no-audit --no-fund) >"$LOGS/e2e-npm-ci.log" 2>&1 \
    || { say "npm ci failed: see $LOGS/e2e-npm-ci.log"; tail -20 "$LOGS/e2e-npm-ci.log"; exit 1; }
fi
# run.sh builds the UI unless SKIP_BUILD=1; without a built UI the gateway has nothing to serve.
if [ "$SKIP_BUILD" = 1 ] && [ ! -f web-ui/dist/web/browser/index.html ]; then
  say "building the web UI (no build in web-ui/dist)..."
  (cd web-ui && npm run build) >"$LOGS/ui-build.log" 2>&1 \
    || { say "web UI build failed: see $LOGS/ui-build.log"; tail -20 "$LOGS/ui-build.log"; exit 1; }
fi

# --- start the stack in its own process group ---------------------------------------------
start_stack() { # extra environment for run.sh, as NAME=value...
  say "starting the local stack (SKIP_BUILD=$SKIP_BUILD $*), log: $LOG"
  set -m   # background jobs get their own process group, so the whole stack can be signalled at once
  env SKIP_BUILD="$SKIP_BUILD" STACK_DIR="$STACK_DIR" GATEWAY_PORT="$GATEWAY_PORT" SCHEMA_PREFIX="$SCHEMA_PREFIX" "$@" \
    dev/local-stack/run.sh >"$LOG" 2>&1 &
  STACK_PID=$!
  set +m
}

stop_stack() {
  trap - EXIT INT TERM
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    say "stopping the local stack (process group $STACK_PID)..."
    kill -TERM -- "-$STACK_PID" 2>/dev/null
    for _ in $(seq 1 120); do
      kill -0 "$STACK_PID" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$STACK_PID" 2>/dev/null; then
      say "the stack did not stop within 30 s: killing it"
      kill -KILL -- "-$STACK_PID" 2>/dev/null
    fi
    wait "$STACK_PID" 2>/dev/null
    say "stack stopped."
    if command -v psql >/dev/null; then   # drop this run's schemas from the machine's PostgreSQL
      for schema in download viewer inference; do
        psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists ${SCHEMA_PREFIX}$schema cascade" >/dev/null 2>&1
      done
    fi
  fi
}
trap stop_stack EXIT
trap 'stop_stack; exit 130' INT TERM

fail_start() {
  say "$1"
  say "--- last lines of $LOG"
  tail -40 "$LOG"
  exit 1
}

# --- wait: first for run.sh to finish building and launch the processes, then for readiness ---
await_stack() {
  local start
  start=$(date +%s)
  until grep -q 'started gateway' "$LOG" 2>/dev/null; do
    kill -0 "$STACK_PID" 2>/dev/null || fail_start "run.sh exited before starting the gateway"
    [ $(( $(date +%s) - start )) -ge "$E2E_BUILD_TIMEOUT" ] && fail_start "run.sh did not start the gateway within ${E2E_BUILD_TIMEOUT}s"
    sleep 1
  done

  # run.sh prints "medcloud is up" once every service's /q/health is UP (and exits if that fails).
  start=$(date +%s)
  until grep -q 'medcloud is up' "$LOG" 2>/dev/null; do
    kill -0 "$STACK_PID" 2>/dev/null || fail_start "the stack stopped while starting"
    [ $(( $(date +%s) - start )) -ge "$E2E_READY_TIMEOUT" ] && fail_start "not healthy after ${E2E_READY_TIMEOUT}s"
    sleep 1
  done
  say "stack ready in $(( $(date +%s) - start ))s at $BASE"
}

status=0
if [ "$E2E_OIDC_PHASE" != only ]; then
  start_stack AUTH_MODE=none
  await_stack

  # --- the tests ----------------------------------------------------------------------------
  (cd web-ui && npx playwright test "$@")
  status=$?
  say "Playwright exited with $status (screenshots: web-ui/test-results/screenshots, report: web-ui/playwright-report)"

  # The REST smoke suite a platform team runs after a deploy: search -> download -> view -> infer.
  if [ -f smoke-tests/target/smoke-tests.jar ]; then
    say "REST smoke suite against $BASE"
    java -jar smoke-tests/target/smoke-tests.jar --base-url "$BASE"
    smoke=$?
    say "smoke suite exited with $smoke"
    [ $status = 0 ] && status=$smoke
  else
    say "smoke-tests/target/smoke-tests.jar is missing: build it (mvn -pl smoke-tests package)"
    status=1
  fi
  stop_stack
  SKIP_BUILD=1   # the second phase runs what the first one built
fi

# --- second phase: sign-in with OIDC against a real Keycloak, only the @oidc specs ----------
if [ "$E2E_OIDC_PHASE" != 0 ]; then
  phase_start=$(date +%s)
  o=$E2E_OIDC_PORT_OFFSET
  STACK_DIR=$STACK_DIR-oidc
  case "$STACK_DIR" in *e2e*) rm -rf "$STACK_DIR" ;; esac
  LOGS=$STACK_DIR/logs; LOG=$LOGS/stack.log; mkdir -p "$LOGS"
  SCHEMA_PREFIX=${SCHEMA_PREFIX}oidc_
  GATEWAY_PORT=$(( 8080 + o )); KEYCLOAK_PORT=$(( 8180 + o ))
  BASE="http://localhost:$GATEWAY_PORT"
  ISSUER="http://127.0.0.1:$KEYCLOAK_PORT/realms/medcloud"
  trap stop_stack EXIT
  trap 'stop_stack; exit 130' INT TERM
  start_stack AUTH_MODE=oidc KEYCLOAK_PORT=$KEYCLOAK_PORT SEARCH_PORT=$(( 8081 + o )) DOWNLOAD_PORT=$(( 8082 + o )) \
    VIEWER_PORT=$(( 8083 + o )) INFERENCE_PORT=$(( 8084 + o )) NBIA_EMULATOR_PORT=$(( 8091 + o )) \
    MONAI_EMULATOR_PORT=$(( 8092 + o )) S3_PORT=$(( 8095 + o )) EMBEDDED_DB_PORT=$(( 15432 + o ))
  await_stack
  (cd web-ui && GATEWAY_PORT=$GATEWAY_PORT E2E_OIDC=1 E2E_OIDC_ISSUER="$ISSUER" \
    E2E_OIDC_VIEWER_USER=vera E2E_OIDC_VIEWER_PASSWORD=vera-password \
    E2E_OIDC_ADMIN_USER=adam E2E_OIDC_ADMIN_PASSWORD=adam-password npx playwright test)
  oidc=$?
  say "OIDC phase: Playwright exited with $oidc after $(( $(date +%s) - phase_start ))s (stack log: $LOG)"
  [ $status = 0 ] && status=$oidc
  stop_stack
fi
exit $status
