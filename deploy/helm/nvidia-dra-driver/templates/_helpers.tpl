{{/* Common labels. */}}
{{- define "nvidia-dra-driver.labels" -}}
app.kubernetes.io/name: nvidia-dra-driver
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* The --feature-gates value: every gate in values, sorted, as Name=true|false. */}}
{{- define "nvidia-dra-driver.featureGates" -}}
{{- $gates := list -}}
{{- range $name, $on := .Values.featureGates -}}
{{- $gates = append $gates (printf "%s=%t" $name $on) -}}
{{- end -}}
{{- join "," $gates -}}
{{- end -}}

{{/* Refuse values this driver cannot serve, with the remedy. */}}
{{- define "nvidia-dra-driver.validate" -}}
{{- if .Values.resources.computeDomains.enabled -}}
{{- fail "resources.computeDomains.enabled=true: this driver has no compute-domain plugin; set it to false" -}}
{{- end -}}
{{- if and .Values.resources.gpus.enabled (not .Values.gpuResourcesEnabledOverride) -}}
{{- fail "resources.gpus.enabled=true needs gpuResourcesEnabledOverride=true (as in NVIDIA's chart); set both" -}}
{{- end -}}
{{- end -}}
