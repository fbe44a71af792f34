import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { parseAppsConfig } from '../../packages/shared/src/runtime/config/load-apps-config.js';
import * as botConfig from '../../services/bot/src/config.js';
import * as heavenConfig from '../../services/heaven/src/config.js';
import * as notifierConfig from '../../services/notifier/src/config.js';
import { helm } from './support/helm.js';

// The Helm chart, rendered by a real helm (from the lockfile, see support/helm.ts) and every object
// checked against the Kubernetes schemas (kubernetes-models), then against what the services need.
const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const CHART = 'deploy/helm/chatops';
const EXAMPLE = `${CHART}/examples/production.yaml`;
/** The drain a service is given on SIGTERM (runService's graceMs), in seconds. */
const DRAIN_S = 9;

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Container = {
  name: string;
  command: string[];
  env: EnvVar[];
  ports: Array<{ name: string; containerPort: number }>;
  securityContext: Record<string, unknown>;
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  lifecycle: { preStop: { exec: { command: string[] } } };
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  resources: { limits: { memory: string } };
};
type PodSpec = {
  securityContext: Record<string, unknown>;
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  containers: Container[];
  volumes: Array<{ name: string; emptyDir?: unknown; configMap?: { name: string } }>;
};
type DeploymentObject = K8sObject & {
  spec: { replicas?: number; template: { metadata: { annotations: Record<string, string> }; spec: PodSpec } };
};

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/ServiceAccount': ServiceAccount,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

function schemaKeys(mod: Record<string, unknown>): string[] {
  const schema = Object.values(mod).find((v): v is z.ZodObject => typeof v === 'object' && v !== null && 'shape' in v);
  if (!schema) throw new Error('no zod object schema exported from config.ts');
  return Object.keys(schema.shape);
}
const SERVICES = { bot: schemaKeys(botConfig), heaven: schemaKeys(heavenConfig), notifier: schemaKeys(notifierConfig) };
const SECRETS = [
  'CHATOPS_PAYLOAD_SECRET',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'CIRCLECI_TOKEN',
  'CIRCLECI_WEBHOOK_SECRET',
  'HEAVEN_ADMIN_PASSWORD',
];

function render(args: string[]): K8sObject[] {
  const res = helm(['template', 'chatops', CHART, ...args]);
  if (res.status !== 0) throw new Error(`helm template failed: ${res.stderr}`);
  return parseAllDocuments(res.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function renderError(args: string[]): string {
  const res = helm(['template', 'chatops', CHART, ...args]);
  expect(res.status).toBe(1);
  return /Error: .*?: (.*)/.exec(res.stderr)?.[1] ?? res.stderr;
}

const MINIMAL = ['--set', 'redis.url=redis://redis:6379', '--set-file', 'config.content=chatops.config.yml'];
let example: K8sObject[];
let minimal: K8sObject[];
const deployments = (objects: K8sObject[]) => objects.filter((o): o is DeploymentObject => o.kind === 'Deployment');
const named = (objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

beforeAll(() => {
  example = render(['-f', EXAMPLE]);
  minimal = render(MINIMAL);
});

describe('the Helm chart', () => {
  it('passes helm lint', () => {
    const res = helm(['lint', CHART, '-f', EXAMPLE, '--strict']);
    expect({ status: res.status, out: res.stderr }).toEqual({ status: 0, out: '' });
  });

  it('renders only objects that validate against the Kubernetes schemas', () => {
    for (const object of [...example, ...minimal]) {
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect({ object: `${object.apiVersion}/${object.kind}`, known: !!model }).toEqual({
        object: `${object.apiVersion}/${object.kind}`,
        known: true,
      });
      expect(() => new model!(object as never).validate()).not.toThrow();
    }
  });

  it('renders every part with the example values, and no Secret', () => {
    const each = ['chatops-bot', 'chatops-heaven', 'chatops-notifier'];
    expect(named(example, 'Deployment')).toEqual(each);
    expect(named(example, 'Service')).toEqual(each);
    expect(named(example, 'PodDisruptionBudget')).toEqual(each);
    expect(named(example, 'Ingress')).toEqual(['chatops-bot', 'chatops-heaven']);
    expect(named(example, 'HorizontalPodAutoscaler')).toEqual(['chatops-heaven']);
    expect(named(example, 'ServiceMonitor')).toEqual(['chatops']);
    expect(named(example, 'ConfigMap')).toEqual(['chatops-config']);
    expect(named(example, 'Secret')).toEqual([]);
    // The optional parts are off by default.
    expect(named(minimal, 'Ingress')).toEqual([]);
    expect(named(minimal, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(named(minimal, 'ServiceMonitor')).toEqual([]);
    expect(deployments(minimal).map((d) => d.spec.replicas)).toEqual([2, 2, 2]);
    // heaven's replicas are the autoscaler's.
    expect(deployments(example).map((d) => d.spec.replicas)).toEqual([2, undefined, 2]);
  });

  it('runs each service as the image does: its command, port, heap cap and young generation', () => {
    for (const d of deployments(example)) {
      const name = d.metadata.name.replace('chatops-', '') as keyof typeof SERVICES;
      const [container] = d.spec.template.spec.containers;
      expect(container!.command).toEqual(['node', `services/${name}/dist/main.js`]);
      const env = Object.fromEntries(container!.env.map((e) => [e.name, e.value]));
      expect(env.NODE_OPTIONS).toBe('--max-old-space-size=128 --max-semi-space-size=4');
      expect(read('Dockerfile')).toContain(`NODE_OPTIONS="${env.NODE_OPTIONS}"`);
      expect(env.PORT).toBe(String(container!.ports[0]!.containerPort));
      expect(env.CHATOPS_QUEUE_PREFIX).toBe('{chatops}');
      // The heap cap (128 MB) plus the rest of the process (about 150 MB RSS in all) fits the limit.
      expect(Number.parseInt(container!.resources.limits.memory, 10)).toBeGreaterThanOrEqual(256);
      // Every variable set is one the service reads.
      for (const e of container!.env)
        expect({ key: e.name, read: e.name === 'NODE_OPTIONS' || SERVICES[name].includes(e.name) }).toEqual({
          key: e.name,
          read: true,
        });
    }
  });

  it('runs as non-root on a read-only root filesystem, with /tmp writable and no service-account token', () => {
    for (const d of deployments(example)) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: {} });
      expect(pod.automountServiceAccountToken).toBe(false);
      const [container] = pod.containers;
      expect(container!.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container!.volumeMounts).toEqual([
        { name: 'config', mountPath: '/config', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ]);
      expect(pod.volumes.find((v) => v.name === 'tmp')?.emptyDir).toEqual({ sizeLimit: '256Mi' });
    }
  });

  it('probes /healthz for liveness and /readyz for readiness, and gives more time than the drain', () => {
    for (const d of deployments(example)) {
      const pod = d.spec.template.spec;
      const [container] = pod.containers;
      expect(container!.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container!.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      const [sleep, seconds] = container!.lifecycle.preStop.exec.command;
      expect(sleep).toBe('sleep');
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(seconds) + DRAIN_S);
    }
    expect(read('packages/shared/src/runtime/service/run-service.ts')).toContain(`graceMs = ${DRAIN_S}000`);
    expect(renderError([...MINIMAL, '--set', 'terminationGracePeriodSeconds=14'])).toBe(
      "terminationGracePeriodSeconds must be more than preStopSleepSeconds + 9 (a service's drain)",
    );
  });

  it('mounts the apps config as a ConfigMap that CHATOPS_CONFIG names and the services can read', () => {
    const configMap = minimal.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    expect(parseAppsConfig(configMap.data['chatops.config.yml']!)).toEqual(parseAppsConfig(read('chatops.config.yml')));
    const exampleMap = example.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    expect(Object.keys(parseAppsConfig(exampleMap.data['chatops.config.yml']!).apps)).toEqual(['api']);
    for (const d of deployments(minimal)) {
      const env = Object.fromEntries(d.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
      expect(env.CHATOPS_CONFIG).toBe('/config/chatops.config.yml');
      expect(d.spec.template.spec.volumes.find((v) => v.name === 'config')?.configMap).toEqual({
        name: 'chatops-config',
      });
      expect(d.spec.template.metadata.annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
    }
  });

  it('takes every secret from a Secret by reference, never inlined', () => {
    for (const d of [...deployments(example), ...deployments(minimal)]) {
      for (const e of d.spec.template.spec.containers[0]!.env) {
        if (e.name === 'REDIS_URL' && e.value !== undefined) expect(e.value).not.toContain('@');
        if (!SECRETS.includes(e.name)) continue;
        expect({ name: e.name, value: e.value }).toEqual({ name: e.name, value: undefined });
        expect(e.valueFrom?.secretKeyRef?.key).toBe(e.name);
      }
    }
    const bot = deployments(example)[0]!.spec.template.spec.containers[0]!.env;
    expect(bot.find((e) => e.name === 'REDIS_URL')).toEqual({
      name: 'REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'chatops-redis', key: 'REDIS_URL' } },
    });
    expect(bot.find((e) => e.name === 'SLACK_SIGNING_SECRET')).toEqual({
      name: 'SLACK_SIGNING_SECRET',
      valueFrom: { secretKeyRef: { name: 'chatops', key: 'SLACK_SIGNING_SECRET' } },
    });
    expect(bot.find((e) => e.name === 'GITHUB_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'chatops',
      key: 'GITHUB_TOKEN',
      optional: true,
    });
    // The chart refuses a secret given as a value, and a Redis password in redis.url.
    expect(renderError([...MINIMAL, '--set', 'env.GITHUB_TOKEN=ghp_0123456789abcdef'])).toBe(
      'GITHUB_TOKEN is a secret: give it in the Secret (secretEnv, or redis.existingSecret), not in env',
    );
    expect(renderError([...MINIMAL, '--set', 'heaven.env.HEAVEN_ADMIN_PASSWORD=0123456789abcdef'])).toBe(
      'HEAVEN_ADMIN_PASSWORD is a secret: give it in the Secret (secretEnv, or redis.existingSecret), not in env',
    );
    expect(renderError([...MINIMAL, '--set', 'redis.url=redis://:hunter2hunter2@redis:6379'])).toBe(
      'redis.url holds a password: put the URL in a Secret and set redis.existingSecret instead',
    );
  });

  it('takes Redis by URL, and refuses to render without Redis or a config', () => {
    for (const d of deployments(minimal)) {
      const env = d.spec.template.spec.containers[0]!.env;
      expect(env.find((e) => e.name === 'REDIS_URL')).toEqual({ name: 'REDIS_URL', value: 'redis://redis:6379' });
    }
    expect(renderError(['--set-file', 'config.content=chatops.config.yml'])).toBe(
      'set redis.url (redis://, redis+sentinel:// or redis+cluster://) or redis.existingSecret (a URL with a password)',
    );
    expect(renderError(['--set', 'redis.url=redis://redis:6379'])).toBe(
      'set config.content (the apps config file) or config.existingConfigMap',
    );
  });

  it('mounts a shared claim for shell logs on heaven only when one is named, and validates it', () => {
    const objects = render([...MINIMAL, '--set', 'heaven.shellLogs.existingClaim=chatops-shell-logs']);
    for (const object of objects) {
      expect(() => new MODELS[`${object.apiVersion}/${object.kind}`]!(object as never).validate()).not.toThrow();
    }
    const shellLogs = (d: DeploymentObject) => {
      const pod = d.spec.template.spec;
      const container = pod.containers[0]!;
      return {
        env: container.env.find((e) => e.name === 'HEAVEN_LOG_DIR')?.value,
        mount: container.volumeMounts.find((m) => m.name === 'shell-logs')?.mountPath,
        volume: pod.volumes.find((v) => v.name === 'shell-logs'),
      };
    };
    expect(deployments(objects).map((d) => [d.metadata.name, shellLogs(d)])).toEqual([
      ['chatops-bot', { env: undefined, mount: undefined, volume: undefined }],
      [
        'chatops-heaven',
        {
          env: '/shell-logs',
          mount: '/shell-logs',
          volume: { name: 'shell-logs', persistentVolumeClaim: { claimName: 'chatops-shell-logs' } },
        },
      ],
      ['chatops-notifier', { env: undefined, mount: undefined, volume: undefined }],
    ]);
    // Without one: /tmp, as before.
    for (const d of deployments(minimal)) expect(shellLogs(d).volume).toBeUndefined();
  });

  it('routes the Ingresses to Slack’s and the webhooks’ paths only, and annotates the pods for Prometheus', () => {
    type IngressObject = K8sObject & {
      spec: { rules: Array<{ host: string; http: { paths: Array<{ path: string; backend: unknown }> } }> };
    };
    const ingresses = example.filter((o): o is IngressObject => o.kind === 'Ingress');
    expect(ingresses.map((i) => [i.spec.rules[0]!.host, i.spec.rules[0]!.http.paths.map((p) => p.path)])).toEqual([
      ['chatops.example.com', ['/slack']],
      ['heaven.example.com', ['/webhooks', '/logs']],
    ]);
    for (const d of deployments(minimal)) {
      const port = d.spec.template.spec.containers[0]!.ports[0]!.containerPort;
      expect(d.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    }
  });
});

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
