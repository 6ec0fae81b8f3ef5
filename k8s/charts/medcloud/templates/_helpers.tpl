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

{{- define "medcloud.viewerUrl" -}}
{{- printf "http://%s:%v" (include "medcloud.componentName" (dict "root" . "name" .Values.services.viewer.name)) .Values.services.viewer.port -}}
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

{{- define "medcloud.quarkusProbes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
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
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "medcloud.fullname" $root }}-config
          env:
            - name: PORT
              value: {{ $c.port | quote }}
            - name: JAVA_OPTS_APPEND
              value: {{ $c.javaOpts | default "" | quote }}
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
          {{- include "medcloud.quarkusProbes" . | nindent 10 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $c.tmpSizeLimit | default "256Mi" }}
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
spec:
  type: ClusterIP
  selector:
    {{- include "medcloud.selectorLabels" $sel | nindent 4 }}
  ports:
    - name: http
      port: {{ $c.port }}
      targetPort: http
      protocol: TCP
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
