####
# web-ui — the Angular single-page app served by nginx (unprivileged, uid 101, port 8080).
#
# Build context: the repository root.
#   docker build -f k8s/docker/web-ui.Dockerfile -t ghcr.io/medcloud/web-ui:0.1.0 .
# Stage 1 builds web-ui/ with Node 20 (npm ci + npm run build -> web-ui/dist/web/browser).
# To package an already built dist/ instead (what `make ui` produces), build only the last stage
# with --build-arg UI_DIST_FROM=context:
#   docker build -f k8s/docker/web-ui.Dockerfile --build-arg UI_DIST_FROM=context -t ... .
# Run (read-only root filesystem; /tmp is the only writable path):
#   docker run --read-only --tmpfs /tmp -p 8080:8080 ghcr.io/medcloud/web-ui:0.1.0
# Not built on the development machines (no Docker engine there).
####
ARG UI_DIST_FROM=build

FROM docker.io/library/node:20.20.2-bookworm-slim AS build
WORKDIR /src/web-ui
COPY web-ui/package.json web-ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web-ui/ ./
RUN npm run build

FROM scratch AS dist-build
COPY --from=build /src/web-ui/dist/web/browser /dist

FROM scratch AS dist-context
COPY web-ui/dist/web/browser /dist

FROM dist-${UI_DIST_FROM} AS dist

FROM docker.io/nginxinc/nginx-unprivileged:1.29.1-alpine
# The image's entrypoint scripts try to edit /etc/nginx/conf.d on start; with our own config and a
# read-only root filesystem they only log that they skip it.
ENV NGINX_ENTRYPOINT_QUIET_LOGS=1
COPY --chown=101:101 k8s/docker/web-ui.nginx.conf /etc/nginx/conf.d/default.conf
# Replaced in Kubernetes by the chart's ConfigMap (CSP with the OIDC issuer, HSTS); /config.json too.
COPY --chown=101:101 k8s/docker/web-ui.security-headers.conf /etc/nginx/medcloud/security-headers.conf
COPY --from=dist --chown=101:101 /dist /usr/share/nginx/html
USER 101
EXPOSE 8080
