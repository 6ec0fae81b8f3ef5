#!/usr/bin/env bash
# One-off generator used to lay out the Quarkus modules with the same baseline (kept for new services).
# usage: tools/new-service-skeleton.sh DIR ARTIFACT PACKAGE PORT "description" [relParent]
set -euo pipefail
dir=$1 artifact=$2 pkg=$3 port=$4 desc=$5 rel=${6:-../pom.xml}
pkgdir=${pkg//.//}
mkdir -p "$dir/src/main/java/$pkgdir" "$dir/src/main/resources" "$dir/src/test/java/$pkgdir"
cat > "$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.medcloud</groupId>
    <artifactId>medcloud-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>$rel</relativePath>
  </parent>
  <artifactId>$artifact</artifactId>
  <name>$artifact: $desc</name>

  <dependencies>
    <dependency>
      <groupId>org.medcloud</groupId>
      <artifactId>common</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-rest-jackson</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-smallrye-health</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-micrometer-registry-prometheus</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-opentelemetry</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-smallrye-openapi</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-logging-json</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-arc</artifactId>
    </dependency>
    <dependency>
      <groupId>io.quarkus</groupId>
      <artifactId>quarkus-junit</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.medcloud</groupId>
      <artifactId>testing</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>io.rest-assured</groupId>
      <artifactId>rest-assured</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>

  <build>
    <plugins>
      <plugin>
        <groupId>io.quarkus</groupId>
        <artifactId>quarkus-maven-plugin</artifactId>
      </plugin>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
      </plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
      </plugin>
    </plugins>
  </build>

  <profiles>
    <profile>
      <!-- Native executable: configured and documented; GraalVM is not available on the build machines here. -->
      <id>native</id>
      <properties>
        <quarkus.native.enabled>true</quarkus.native.enabled>
        <quarkus.package.jar.enabled>false</quarkus.package.jar.enabled>
        <skipITs>false</skipITs>
      </properties>
    </profile>
  </profiles>
</project>
POM
cat > "$dir/src/main/resources/application.properties" <<PROPS
# $artifact — every setting can be given as an environment variable (MicroProfile Config:
# e.g. quarkus.http.port <- QUARKUS_HTTP_PORT). The README's configuration table lists them.
quarkus.application.name=$artifact
quarkus.http.port=\${PORT:$port}
quarkus.http.host=\${HTTP_HOST:0.0.0.0}
%dev.quarkus.http.host=127.0.0.1
quarkus.http.test-port=0
# No Docker engine on the build machines: Dev Services stay off everywhere.
quarkus.devservices.enabled=false
# Logs: JSON outside dev and test.
quarkus.log.console.json.enabled=\${LOG_JSON:true}
%dev.quarkus.log.console.json.enabled=false
%test.quarkus.log.console.json.enabled=false
# OpenTelemetry: on only when a collector is configured (QUARKUS_OTEL_SDK_DISABLED=false +
# QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT); otherwise the exporter would log an error per batch.
quarkus.otel.sdk.disabled=true
quarkus.smallrye-openapi.info-title=$artifact
quarkus.smallrye-openapi.store-schema-directory=target/openapi
quarkus.swagger-ui.always-include=false
# Kubernetes / container coordinates (used by deployment generation).
quarkus.container-image.registry=\${IMAGE_REGISTRY:ghcr.io}
quarkus.container-image.group=\${IMAGE_GROUP:medcloud}
PROPS
cat > "$dir/src/test/java/$pkgdir/PlatformEndpointsTest.java" <<JAVA
package $pkg;

import io.quarkus.test.junit.QuarkusTest;
import org.medcloud.testing.PlatformEndpointsContract;

/** Health, metrics, OpenAPI and problem+json, as every service must expose them. */
@QuarkusTest
class PlatformEndpointsTest extends PlatformEndpointsContract {

    PlatformEndpointsTest() {
        super("$artifact");
    }
}
JAVA
