{{/* Arguments every job takes: Kafka, storage roots and its own settings, as --key value pairs. */}}
{{- define "clipstream.args" -}}
- --clipstream.kafka.bootstrap-servers
- {{ .root.Values.kafka.bootstrapServers | quote }}
- --clipstream.storage.uploads-root
- {{ .root.Values.storage.uploadsRoot | quote }}
- --clipstream.storage.work-root
- {{ .root.Values.storage.workRoot | quote }}
- --clipstream.storage.clips-root
- {{ .root.Values.storage.clipsRoot | quote }}
- --clipstream.parallelism
- {{ .job.parallelism | quote }}
{{- range $k, $v := .job.config }}
- --{{ $k }}
- {{ $v | quote }}
{{- end }}
{{- if .root.Values.kafka.properties }}
- --clipstream.kafka.properties
- {{ include "clipstream.mapOption" .root.Values.kafka.properties | quote }}
{{- end }}
{{- end -}}

{{/* Flink's map option syntax: k1:v1,k2:v2 */}}
{{- define "clipstream.mapOption" -}}
{{- $pairs := list -}}
{{- range $k, $v := . }}{{ $pairs = append $pairs (printf "%s:%v" $k $v) }}{{ end -}}
{{- join "," $pairs -}}
{{- end -}}

{{- define "clipstream.flinkConfiguration" -}}
{{- range $k, $v := .Values.flinkConfiguration }}
{{ $k }}: {{ $v | quote }}
{{- end }}
execution.checkpointing.dir: {{ .Values.storage.checkpointsDir | quote }}
execution.checkpointing.savepoint-dir: {{ .Values.storage.savepointsDir | quote }}
{{- if .Values.storage.endpoint }}
s3.endpoint: {{ .Values.storage.endpoint | quote }}
{{- end }}
s3.path.style.access: {{ .Values.storage.pathStyleAccess | quote }}
env.java.opts.all: "-Dai.djl.offline=true --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
{{- end -}}

{{- define "clipstream.s3env" -}}
- name: ENABLE_BUILT_IN_PLUGINS
  value: flink-s3-fs-hadoop-2.2.0.jar
{{- if .Values.storage.credentialsSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ .Values.storage.credentialsSecret }}, key: access-key}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ .Values.storage.credentialsSecret }}, key: secret-key}}
{{- end }}
{{- end -}}
