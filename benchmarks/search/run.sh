#!/usr/bin/env bash
# Search-service latency benchmark (not part of `make test`). See README.md in this folder.
#  1. added latency: the same NBIA query straight to the emulator vs. through search-service with caching off
#     (target: p95 added <= 10 ms);
#  2. cached responses at a fixed ~200 req/s (target: p95 <= 5 ms, zero errors).
# Needs: wrk (apt-get install -y wrk), Java 17, Maven. Uses loopback ports 18091 (emulator), 18081 (search, cached),
# 18082 (search, cache off). Env: DURATION (default 20s), WARMUP (10s), CONNECTIONS (4), KEEP=1 keeps the data dir.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/benchmarks/search"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-4}"
EMU_PORT=18091; CACHED_PORT=18081; NOCACHE_PORT=18082
WORK="$(mktemp -d /tmp/search-bench.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$ROOT/dev/nbia-emulator/target/quarkus-app/quarkus-run.jar" ] || mvn -q -f "$ROOT/dev/nbia-emulator/pom.xml" package -DskipTests
[ -f "$ROOT/search-service/target/quarkus-app/quarkus-run.jar" ] || mvn -q -f "$ROOT/search-service/pom.xml" package -DskipTests

wait_ready() { for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$1/q/health/ready" >/dev/null && return 0; sleep 0.2; done; echo "port $1 not ready" >&2; exit 1; }

PORT=$EMU_PORT HTTP_HOST=127.0.0.1 LOG_JSON=false NBIA_DATA_DIR="$WORK/data" \
  java -Xmx512m -jar "$ROOT/dev/nbia-emulator/target/quarkus-app/quarkus-run.jar" >"$WORK/emulator.log" 2>&1 & PIDS+=($!)
wait_ready $EMU_PORT
for spec in "$CACHED_PORT:1H:10M" "$NOCACHE_PORT:0S:0S"; do
  IFS=: read -r port vttl sttl <<<"$spec"
  PORT=$port HTTP_HOST=127.0.0.1 LOG_JSON=false NBIA_BASE_URL="http://127.0.0.1:$EMU_PORT/nbia-api/services" \
    SEARCH_CACHE_VALUES_TTL=$vttl SEARCH_CACHE_SERIES_TTL=$sttl QUARKUS_LOG_LEVEL=WARN \
    java -Xmx256m -jar "$ROOT/search-service/target/quarkus-app/quarkus-run.jar" >"$WORK/search-$port.log" 2>&1 & PIDS+=($!)
done
wait_ready $CACHED_PORT; wait_ready $NOCACHE_PORT

run() { # label url [delay-ms] [connections] [duration]
  WRK_LABEL="$1" WRK_DELAY_MS="${3:-0}" wrk -t1 -c"${4:-$CONNECTIONS}" -d"${5:-$DURATION}" -s "$HERE/report.lua" "$2" | grep '^RESULT'
}
EMU="http://127.0.0.1:$EMU_PORT/nbia-api/services/v4"
series_direct="$EMU/getSeries?Collection=MedCloud-Lung-CT"
series_svc="/api/search/series?collection=MedCloud-Lung-CT"
values_direct="$EMU/getModalityValues?Collection=MedCloud-Breast-PET"
values_svc="/api/search/values/modality?collection=MedCloud-Breast-PET"

echo "# warm-up ($WARMUP each)"
for u in "$series_direct" "http://127.0.0.1:$NOCACHE_PORT$series_svc" "$values_direct" "http://127.0.0.1:$NOCACHE_PORT$values_svc" \
         "http://127.0.0.1:$CACHED_PORT$series_svc" "http://127.0.0.1:$CACHED_PORT$values_svc"; do
  run warmup "$u" 0 "$CONNECTIONS" "$WARMUP" >/dev/null
done
echo "# 1. added latency at ~200 req/s (4 connections x 20 ms pacing, $DURATION each; search-service with caches off)"
run "emulator getSeries" "$series_direct" 20 4
run "service series (no cache)" "http://127.0.0.1:$NOCACHE_PORT$series_svc" 20 4
run "emulator getModalityValues" "$values_direct" 20 4
run "service values (no cache)" "http://127.0.0.1:$NOCACHE_PORT$values_svc" 20 4
echo "# 1b. the same, closed loop (c=$CONNECTIONS, as fast as possible: throughput, CPU-bound on small machines)"
run "emulator getSeries" "$series_direct"
run "service series (no cache)" "http://127.0.0.1:$NOCACHE_PORT$series_svc"
echo "# 2. cached responses at ~200 req/s (10 connections x 50 ms pacing, $DURATION)"
run "service series (cached)" "http://127.0.0.1:$CACHED_PORT$series_svc" 50 10
run "service values (cached)" "http://127.0.0.1:$CACHED_PORT$values_svc" 50 10
echo "# machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
