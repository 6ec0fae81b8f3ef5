####
# JVM image of a development stand-in from dev/ (nbia-emulator, monai-label-emulator), used by
# docker-compose profile `cpu`/`dev` and the chart's emulators.enabled. Build context: the repository
# root, after `mvn -pl dev/<tool> -am -DskipTests package`:
#   docker build -f k8s/docker/quarkus-dev-tool.Dockerfile --build-arg TOOL=nbia-emulator \
#     -t ghcr.io/medcloud/nbia-emulator:0.1.0 .
# Not built on the development machines (no Docker engine there).
####
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21
ARG TOOL
COPY --chown=185 dev/${TOOL}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 dev/${TOOL}/target/quarkus-app/*.jar /deployments/
COPY --chown=185 dev/${TOOL}/target/quarkus-app/app/ /deployments/app/
COPY --chown=185 dev/${TOOL}/target/quarkus-app/quarkus/ /deployments/quarkus/
USER 185
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
