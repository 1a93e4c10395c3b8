{{/* Names and labels shared by every object of the release. */}}
{{- define "sync.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sync.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sync.labels" -}}
app.kubernetes.io/name: {{ include "sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: orchestrator
{{- end -}}

{{- define "sync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sync.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sync.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* SYNC_CONNECTION_<NAME>: upper case, '-' and '.' as '_' (the worker's ConnectionResolver rule). */}}
{{- define "sync.connectionEnvName" -}}
{{- printf "SYNC_CONNECTION_%s" (. | upper | replace "-" "_" | replace "." "_") -}}
{{- end -}}

{{/* Refuse unsafe combinations before anything renders. */}}
{{- define "sync.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (eq .Values.metadata.provider "sqlite") -}}
{{- fail (printf "replicaCount is %d but metadata.provider is sqlite: SQLite is a single file in one pod and cannot be shared by several orchestrator replicas. Set metadata.provider=postgres with metadata.postgres.existingSecret, or replicaCount=1." (int .Values.replicaCount)) -}}
{{- end -}}
{{- if and (eq .Values.metadata.provider "postgres") (not .Values.metadata.postgres.existingSecret) -}}
{{- fail "metadata.provider is postgres but metadata.postgres.existingSecret is empty: name the Secret that holds the PostgreSQL connection string." -}}
{{- end -}}
{{- with .Values.featureSync.stateConnection -}}
{{- if not (hasKey $.Values.connections .) -}}
{{- fail (printf "featureSync.stateConnection is '%s' but connections has no '%s': add connections.%s.secretName, the Secret holding the state database server's connection string." . . .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
