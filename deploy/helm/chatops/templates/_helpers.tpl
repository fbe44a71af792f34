{{/* The services of the chart, in order. */}}
{{- define "chatops.services" -}}bot heaven notifier{{- end -}}

{{- define "chatops.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "chatops.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one service: (dict "root" $ "name" "bot"). */}}
{{- define "chatops.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "chatops.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "chatops.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "chatops.configMapName" -}}
{{- default (printf "%s-config" (include "chatops.fullname" .)) .Values.config.existingConfigMap -}}
{{- end -}}

{{/* Refuses to render what cannot run: no Redis, no config file, no Secret, a grace period the drain does not fit in. */}}
{{- define "chatops.validate" -}}
{{- if and (not .Values.redis.url) (not .Values.redis.existingSecret) -}}
{{- fail "set redis.url (redis://, redis+sentinel:// or redis+cluster://) or redis.existingSecret (a URL with a password)" -}}
{{- end -}}
{{- if and .Values.redis.url .Values.redis.existingSecret -}}
{{- fail "set only one of redis.url and redis.existingSecret" -}}
{{- end -}}
{{- if and .Values.redis.url (regexMatch "^[a-z+]+://[^/@]*:[^/@]*@" .Values.redis.url) -}}
{{- fail "redis.url holds a password: put the URL in a Secret and set redis.existingSecret instead" -}}
{{- end -}}
{{- if and (not .Values.config.content) (not .Values.config.existingConfigMap) -}}
{{- fail "set config.content (the apps config file) or config.existingConfigMap" -}}
{{- end -}}
{{- if not .Values.secrets.name -}}
{{- fail "set secrets.name: the Secret with CHATOPS_PAYLOAD_SECRET and the other secrets" -}}
{{- end -}}
{{- $secretNames := list "CHATOPS_PAYLOAD_SECRET" "SLACK_SIGNING_SECRET" "SLACK_BOT_TOKEN" "GITHUB_TOKEN" "GITHUB_APP_PRIVATE_KEY" "GITHUB_WEBHOOK_SECRET" "CIRCLECI_TOKEN" "CIRCLECI_WEBHOOK_SECRET" "HEAVEN_ADMIN_PASSWORD" "REDIS_URL" -}}
{{- range $scope := list .Values.env .Values.bot.env .Values.heaven.env .Values.notifier.env -}}
{{- range $key, $_ := $scope -}}
{{- if has $key $secretNames -}}
{{- fail (printf "%s is a secret: give it in the Secret (secretEnv, or redis.existingSecret), not in env" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (add (int .Values.preStopSleepSeconds) 9 | int) -}}
{{- fail "terminationGracePeriodSeconds must be more than preStopSleepSeconds + 9 (a service's drain)" -}}
{{- end -}}
{{- end -}}
