{{/* Names and labels */}}
{{- define "medcloud.fullname" -}}
{{- if contains "medcloud" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-medcloud" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "medcloud.componentName" -}}
{{- printf "%s-%s" (include "medcloud.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "medcloud.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: medcloud
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: medcloud
{{- with .Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "medcloud.selectorLabels" -}}
app.kubernetes.io/name: medcloud
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "medcloud.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "medcloud.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "medcloud.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "medcloud.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* A medcloud image reference: <registry>/<name>:<tag>; refuses "latest" or an empty tag. */}}
{{- define "medcloud.image" -}}
{{- $tag := toString (.tag | default .root.Values.global.imageTag) -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s: pin a tag (global.imageTag), never empty or \"latest\"" .image) -}}
{{- end -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.global.imageRegistry) .image $tag -}}
{{- end -}}

{{- define "medcloud.monaiLabelUrl" -}}
{{- if .Values.services.inference.monaiLabelUrl -}}
{{- .Values.services.inference.monaiLabelUrl -}}
{{- else if .Values.monaiLabel.enabled -}}
{{- printf "http://%s:%v" (include "medcloud.componentName" (dict "root" . "name" .Values.monaiLabel.name)) .Values.monaiLabel.port -}}
{{- else if and .Values.emulators.enabled .Values.emulators.monaiLabel.enabled -}}
{{- printf "http://%s:%v" (include "medcloud.componentName" (dict "root" . "name" .Values.emulators.monaiLabel.name)) .Values.emulators.monaiLabel.port -}}
{{- else -}}
{{- fail "services.inference.monaiLabelUrl is empty and neither monaiLabel.enabled nor emulators.monaiLabel is on" -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster URL of the viewer-service: https on the TLS port when the services serve TLS. */}}
{{- define "medcloud.viewerUrl" -}}
{{- $host := include "medcloud.componentName" (dict "root" . "name" .Values.services.viewer.name) -}}
{{- if .Values.serviceTls.enabled -}}
{{- printf "https://%s:%v" $host .Values.serviceTls.port -}}
{{- else -}}
{{- printf "http://%s:%v" $host .Values.services.viewer.port -}}
{{- end -}}
{{- end -}}

{{/* A list or a comma-separated string as "a,b,c". */}}
{{- define "medcloud.csv" -}}
{{- if kindIs "string" . -}}
{{- . -}}
{{- else -}}
{{- join "," (. | default list) -}}
{{- end -}}
{{- end -}}

{{/* scheme://host[:port] of the OIDC issuer ("" unless auth mode oidc). */}}
{{- define "medcloud.issuerOrigin" -}}
{{- if eq (toString .Values.config.auth.mode) "oidc" -}}
{{- regexFind "^https?://[^/?#]+" (toString .Values.config.auth.oidc.issuerUrl) -}}
{{- end -}}
{{- end -}}

{{/*
Refuses settings that would leave the cluster open or the services unable to start: called by the
ConfigMap, which every install renders.
*/}}
{{- define "medcloud.validate" -}}
{{- $a := .Values.config.auth -}}
{{- $mode := toString $a.mode -}}
{{- if not (has $mode (list "none" "oidc" "basic")) -}}
{{- fail (printf "config.auth.mode must be oidc, basic or none, not %q" $mode) -}}
{{- end -}}
{{- if and (eq $mode "none") (not $a.allowNone) -}}
{{- fail "config.auth.mode=none lets every caller in as an admin (an open cluster): use oidc or basic, or set config.auth.allowNone=true to confirm for a throw-away test cluster" -}}
{{- end -}}
{{- if eq $mode "oidc" -}}
{{- if not $a.oidc.issuerUrl -}}
{{- fail "config.auth.mode=oidc needs config.auth.oidc.issuerUrl (the tokens' issuer, e.g. https://sso.example.org/realms/medcloud)" -}}
{{- end -}}
{{- if not (regexMatch `^https?://[^/?#\s]+[^?#\s]*$` (toString $a.oidc.issuerUrl)) -}}
{{- fail (printf "config.auth.oidc.issuerUrl must be an http(s) URL without query or fragment, not %q" (toString $a.oidc.issuerUrl)) -}}
{{- end -}}
{{- if not $a.oidc.clientId -}}
{{- fail "config.auth.oidc.clientId (OIDC_CLIENT_ID, the services' client) must not be empty" -}}
{{- end -}}
{{- if and .Values.webUi.enabled (not $a.oidc.web.clientId) -}}
{{- fail "config.auth.oidc.web.clientId (the UI's public client) must not be empty" -}}
{{- end -}}
{{- end -}}
{{- if and (eq $mode "basic") (not $a.basic.usersSecret) -}}
{{- fail "config.auth.mode=basic needs config.auth.basic.usersSecret: a Secret with key \"users\" (lines user:bcrypt-hash:role[,role])" -}}
{{- end -}}
{{- if not (include "medcloud.csv" $a.roles.admin) -}}
{{- fail "config.auth.roles.admin must name at least one provider role or group" -}}
{{- end -}}
{{- range $o := (kindIs "string" .Values.config.corsOrigins | ternary (splitList "," (toString .Values.config.corsOrigins)) .Values.config.corsOrigins) -}}
{{- if not (regexMatch `^https?://[^/*\s]+$` (trim (toString $o))) -}}
{{- fail (printf "config.corsOrigins: %q is not an origin (scheme://host[:port], no path, no wildcard)" (toString $o)) -}}
{{- end -}}
{{- end -}}
{{- range $k, $v := .Values.config.rateLimits -}}
{{- if lt (int $v) 1 -}}
{{- fail (printf "config.rateLimits.%s must be a positive number" $k) -}}
{{- end -}}
{{- end -}}
{{- range $o := .Values.webUi.cspConnectSrc -}}
{{- if not (regexMatch `^(https|wss)://[^/*\s;']+$` (toString $o)) -}}
{{- fail (printf "webUi.cspConnectSrc: %q is not an https/wss origin" (toString $o)) -}}
{{- end -}}
{{- end -}}
{{- $t := .Values.serviceTls -}}
{{- if $t.enabled -}}
{{- if not $t.secretName -}}
{{- fail "serviceTls.enabled needs serviceTls.secretName: a kubernetes.io/tls Secret with tls.crt and tls.key" -}}
{{- end -}}
{{- if not (has (toString $t.insecureRequests) (list "enabled" "redirect" "disabled")) -}}
{{- fail "serviceTls.insecureRequests must be enabled, redirect or disabled" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) -}}
{{- fail "ingress.tls.enabled needs ingress.tls.secretName" -}}
{{- end -}}
{{- end -}}

{{/* The JVM trust store options for in-cluster HTTPS (serviceTls.trustBundle), appended to JAVA_OPTS_APPEND. */}}
{{- define "medcloud.javaTrustOpts" -}}
{{- $b := .Values.serviceTls.trustBundle -}}
{{- if and .Values.serviceTls.enabled $b.configMap -}}
{{- printf " -Djavax.net.ssl.trustStore=/etc/medcloud/trust/%s -Djavax.net.ssl.trustStoreType=PKCS12" $b.pkcs12Key -}}
{{- with $b.pkcs12Password }}{{ printf " -Djavax.net.ssl.trustStorePassword=%s" . }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "medcloud.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "medcloud.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Quarkus health probes on the named port (dict port, scheme); the kubelet does not verify certificates. */}}
{{- define "medcloud.quarkusProbes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: {{ .port }}, scheme: {{ .scheme }}}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /q/health/live, port: {{ .port }}, scheme: {{ .scheme }}}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: {{ .port }}, scheme: {{ .scheme }}}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/*
A Quarkus workload: Deployment + Service (+ HPA + PDB). Arguments (dict):
  root  - the chart context;  c - the component values (merged with serviceDefaults);
  kind  - "service" or "emulator";  env - extra env list (YAML string).
*/}}
{{- define "medcloud.quarkusWorkload" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- $name := include "medcloud.componentName" (dict "root" $root "name" $c.name) -}}
{{- $sel := dict "root" $root "name" $c.name -}}
{{- $isService := eq .kind "service" -}}
{{- $mode := toString $root.Values.config.auth.mode -}}
{{- $tls := and $isService $root.Values.serviceTls.enabled -}}
{{- $insecure := toString $root.Values.serviceTls.insecureRequests -}}
{{- /* the container listens on http unless disabled; the Service offers http only while it serves content */ -}}
{{- $plainHttp := or (not $tls) (ne $insecure "disabled") -}}
{{- $servicePlain := or (not $tls) (eq $insecure "enabled") -}}
{{- $trust := and $root.Values.serviceTls.enabled $root.Values.serviceTls.trustBundle.configMap -}}
{{- $basicUsers := and $isService (eq $mode "basic") -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "medcloud.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $c.name }}
spec:
  {{- if not (and $c.autoscaling $c.autoscaling.enabled) }}
  replicas: {{ $c.replicas | default 1 }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "medcloud.selectorLabels" $sel | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels:
        {{- include "medcloud.selectorLabels" $sel | nindent 8 }}
        app.kubernetes.io/part-of: medcloud
        medcloud.io/tier: {{ .kind }}
        medcloud.io/db-access: {{ ternary "true" "false" (and (hasKey $c "database") $c.database) | quote }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "medcloud.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "medcloud.podSecurityContext" (dict "uid" 185) | nindent 8 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ $c.name }}
          image: {{ include "medcloud.image" (dict "root" $root "image" $c.image "tag" $c.tag) }}
          imagePullPolicy: {{ $root.Values.global.imagePullPolicy }}
          ports:
            {{- if $plainHttp }}
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
            {{- end }}
            {{- if $tls }}
            - name: https
              containerPort: {{ $root.Values.serviceTls.port }}
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "medcloud.fullname" $root }}-config
          env:
            - name: PORT
              value: {{ $c.port | quote }}
            - name: JAVA_OPTS_APPEND
              value: {{ printf "%s%s" ($c.javaOpts | default "") (include "medcloud.javaTrustOpts" $root) | quote }}
            {{- if $tls }}
            - name: QUARKUS_HTTP_SSL_PORT
              value: {{ $root.Values.serviceTls.port | quote }}
            - name: TLS_CERT_FILE
              value: /etc/medcloud/tls/tls.crt
            - name: TLS_KEY_FILE
              value: /etc/medcloud/tls/tls.key
            - name: HTTP_INSECURE_REQUESTS
              value: {{ $root.Values.serviceTls.insecureRequests | quote }}
            {{- end }}
            {{- if and $isService (eq $mode "oidc") }}
            - name: OIDC_CLIENT_SECRET
              valueFrom:
                secretKeyRef: {name: {{ include "medcloud.secretName" $root }}, key: OIDC_CLIENT_SECRET, optional: true}
            {{- end }}
            {{- if and $isService (eq $mode "basic") }}
            - name: SERVICE_BASIC_PASSWORD
              valueFrom:
                secretKeyRef: {name: {{ include "medcloud.secretName" $root }}, key: SERVICE_BASIC_PASSWORD, optional: true}
            {{- end }}
            {{- if and (hasKey $c "database") $c.database }}
            - name: DB_SCHEMA
              value: {{ $c.dbSchema | quote }}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: {{ include "medcloud.secretName" $root }}, key: DB_PASSWORD, optional: true}
            {{- end }}
            {{- if eq .kind "service" }}
            {{- range $k := list "S3_ACCESS_KEY" "S3_SECRET_KEY" "AZURE_CONNECTION_STRING" "AZURE_ACCOUNT_KEY" }}
            - name: {{ $k }}
              valueFrom:
                secretKeyRef: {name: {{ include "medcloud.secretName" $root }}, key: {{ $k }}, optional: true}
            {{- end }}
            {{- end }}
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- range $k, $v := $c.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- include "medcloud.containerSecurityContext" . | nindent 12 }}
          {{- include "medcloud.quarkusProbes" (ternary (dict "port" "https" "scheme" "HTTPS") (dict "port" "http" "scheme" "HTTP") $tls) | nindent 10 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $basicUsers }}
            - name: auth-users
              mountPath: /etc/medcloud/auth
              readOnly: true
            {{- end }}
            {{- if $tls }}
            - name: tls
              mountPath: /etc/medcloud/tls
              readOnly: true
            {{- end }}
            {{- if $trust }}
            - name: trust
              mountPath: /etc/medcloud/trust
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $c.tmpSizeLimit | default "256Mi" }}
        {{- if $basicUsers }}
        - name: auth-users
          secret:
            secretName: {{ $root.Values.config.auth.basic.usersSecret }}
            defaultMode: 288 # 0440: root and the pod's fsGroup
            items:
              - {key: users, path: users}
        {{- end }}
        {{- if $tls }}
        - name: tls
          secret:
            secretName: {{ $root.Values.serviceTls.secretName }}
            defaultMode: 288 # 0440
            items:
              - {key: tls.crt, path: tls.crt}
              - {key: tls.key, path: tls.key}
        {{- end }}
        {{- if $trust }}
        - name: trust
          configMap:
            name: {{ $root.Values.serviceTls.trustBundle.configMap }}
            items:
              - {key: {{ $root.Values.serviceTls.trustBundle.pkcs12Key }}, path: {{ $root.Values.serviceTls.trustBundle.pkcs12Key }}}
        {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $c.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml $c.topologySpreadConstraints | nindent 8 }}
      {{- else if gt (int ($c.replicas | default 1)) 1 }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "medcloud.selectorLabels" $sel | nindent 14 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "medcloud.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $c.name }}
    medcloud.io/metrics: "true"
    medcloud.io/metrics-scheme: {{ ternary "https" "http" $tls }}
spec:
  type: ClusterIP
  selector:
    {{- include "medcloud.selectorLabels" $sel | nindent 4 }}
  ports:
    {{- if $servicePlain }}
    - name: http
      port: {{ $c.port }}
      targetPort: http
      protocol: TCP
    {{- end }}
    {{- if $tls }}
    - name: https
      port: {{ $root.Values.serviceTls.port }}
      targetPort: https
      protocol: TCP
    {{- end }}
{{ include "medcloud.scaling" (dict "root" $root "c" $c) }}
{{- end -}}

{{/* HPA + PDB for a component (dict root, c). */}}
{{- define "medcloud.scaling" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- $name := include "medcloud.componentName" (dict "root" $root "name" $c.name) -}}
{{- if and $c.autoscaling $c.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "medcloud.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $c.name }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $c.autoscaling.minReplicas }}
  maxReplicas: {{ $c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $c.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
{{- if and $c.pdb $c.pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "medcloud.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $c.name }}
spec:
  minAvailable: {{ $c.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "medcloud.selectorLabels" (dict "root" $root "name" $c.name) | nindent 6 }}
{{- end }}
{{- end -}}
