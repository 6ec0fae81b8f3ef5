#!/usr/bin/env bash
# The local Keycloak of `AUTH_MODE=oidc make run` and of the e2e OIDC phase, in the foreground:
#   dev/keycloak/keycloak.sh PORT HOME
# Keycloak (org.keycloak:keycloak-quarkus-dist, fetched by Maven from Maven Central when it is not in
# the local repository) is unpacked once into ~/.cache/medcloud/keycloak-VERSION (the cache that
# libs/testing's KeycloakServer shares); HOME gets a fresh H2 database and imports
# dev/keycloak/medcloud-realm.json at every start. Issuer: http://127.0.0.1:PORT/realms/medcloud.
#
#   MEDCLOUD_WEB_PORT     the UI port the web client accepts as a CORS origin (default 8080)
#   KEYCLOAK_JAVA_HOME    JDK to run it (default: Temurin 25 when installed, else `java` on PATH; 17 works)
#   KEYCLOAK_ADMIN_PASSWORD   password of the admin console's user `admin` (default admin; loopback only)
#   MEDCLOUD_KEYCLOAK_CACHE, MEDCLOUD_KEYCLOAK_DIST   another cache folder / a zip or unpacked folder
set -euo pipefail
VERSION=26.7.3
PORT=${1:?usage: keycloak.sh PORT HOME}
KC_INSTANCE=${2:?usage: keycloak.sh PORT HOME}
HERE=$(cd "$(dirname "$0")" && pwd)
REALM=$HERE/medcloud-realm.json
CACHE=${MEDCLOUD_KEYCLOAK_CACHE:-$HOME/.cache/medcloud/keycloak-$VERSION}
BUILD_SIGNATURE="start-dev db=dev-file $VERSION"   # as in KeycloakServer: same build, shared cache

say() { printf '[keycloak] %s\n' "$*"; }

if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then JAVA=$KEYCLOAK_JAVA_HOME/bin/java
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else JAVA=java; fi

mkdir -p "$(dirname "$CACHE")"
exec 9>"$CACHE.lock"
flock 9   # one unpack / one augmentation at a time (KeycloakServer takes the same lock)

DIST=$CACHE
if [ -n "${MEDCLOUD_KEYCLOAK_DIST:-}" ] && [ -d "$MEDCLOUD_KEYCLOAK_DIST" ]; then
  DIST=$MEDCLOUD_KEYCLOAK_DIST
elif [ ! -f "$CACHE/lib/quarkus-run.jar" ]; then
  ZIP=${MEDCLOUD_KEYCLOAK_DIST:-$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$VERSION/keycloak-quarkus-dist-$VERSION.zip}
  if [ ! -f "$ZIP" ]; then
    say "fetching org.keycloak:keycloak-quarkus-dist:$VERSION:zip from Maven Central (177 MB, once)..."
    (cd "$(dirname "$CACHE")" && mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -Dtransitive=false)
  fi
  say "unpacking $ZIP into $CACHE (once)..."
  TMP=$(mktemp -d "$CACHE.unpacking-XXXXXX")
  if command -v unzip >/dev/null; then unzip -q "$ZIP" -d "$TMP"; else (cd "$TMP" && jar xf "$ZIP"); fi
  rm -rf "$CACHE"
  mv "$TMP/keycloak-$VERSION" "$CACHE"
  rm -rf "$TMP"
fi

rm -rf "$KC_INSTANCE"
mkdir -p "$KC_INSTANCE/data/import" "$KC_INSTANCE/providers"
cp "$REALM" "$KC_INSTANCE/data/import/medcloud-realm.json"
unset JAVA_OPTS $(compgen -e | grep -E '^(KC_|QUARKUS_)' || true)
export MEDCLOUD_WEB_PORT=${MEDCLOUD_WEB_PORT:-8080}
export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:-admin}

CMD=("$JAVA" -Xms64m -Xmx512m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -XX:+UseG1GC
  -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Djava.security.egd=file:/dev/urandom
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.security=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED -Duser.language=en -Duser.country=US
  -Djava.util.concurrent.ForkJoinPool.common.threadFactory=io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory
  "-Dkc.home.dir=$KC_INSTANCE" "-Djboss.server.config.dir=$DIST/conf"
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dpicocli.disable.closures=true
  -Dquarkus-log-max-startup-records=10000)
ARGS=(-cp "$DIST/lib/quarkus-run.jar" io.quarkus.bootstrap.runner.QuarkusEntryPoint start-dev
  --http-host=127.0.0.1 "--http-port=$PORT" "--hostname=http://127.0.0.1:$PORT" --import-realm)

cd "$KC_INSTANCE"
if [ "$(cat "$DIST/.medcloud-augmented" 2>/dev/null)" != "$BUILD_SIGNATURE" ]; then
  say "first start on this cache: Quarkus augmentation (~20 s, once)..."
  set +e
  "${CMD[@]}" "${ARGS[@]}" 9>&- &
  pid=$!
  trap 'kill $pid 2>/dev/null' TERM INT
  wait $pid; status=$?
  trap - TERM INT
  set -e
  [ $status = 10 ] || exit $status   # 10: augmented, relaunch; anything else: it ran and stopped (or failed)
  printf '%s' "$BUILD_SIGNATURE" >"$DIST/.medcloud-augmented"
fi
flock -u 9
exec 9>&-
exec "${CMD[@]}" -Dkc.config.built=true "${ARGS[@]}"
