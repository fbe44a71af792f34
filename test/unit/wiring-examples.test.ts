import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadAppsConfig } from '@chatops/shared/runtime';
import type { TriggerContext } from '../../services/heaven/src/ports.js';
import { actionsInputs, circleciParameters, runTitle } from '../../services/heaven/src/run/ci-parameters.js';

// The wiring guides in docs/examples must declare exactly what heaven sends.
const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

const apps = loadAppsConfig(join(ROOT, 'chatops.config.yml'));
const api = apps.apps.api!;
const ctx: TriggerContext = {
  deployment: {
    id: 42,
    sha: 'a'.repeat(40),
    ref: 'main',
    task: 'deploy',
    environment: 'staging',
    description: null,
    payload: {},
    creator: null,
    created_at: '2026-11-26T00:00:00Z',
    transient_environment: false,
    production_environment: false,
  },
  repository: api.repository,
  appName: 'api',
  app: api,
  chatops: null,
};

describe('docs/examples/circleci-config.yml', () => {
  const config = parse(read('docs/examples/circleci-config.yml')) as {
    parameters: Record<string, { type: string; default: unknown }>;
    workflows: Record<string, { when?: unknown; unless?: unknown }>;
  };

  it('declares every pipeline parameter heaven sends for the sample app, with the type of its value', () => {
    const sent = circleciParameters(ctx);
    for (const [name, value] of Object.entries(sent)) {
      const type = typeof value === 'number' ? 'integer' : typeof value;
      expect({ name, type: config.parameters[name]?.type }).toEqual({ name, type });
    }
  });

  it('runs a deploy workflow only when asked (run_deploy), and build-and-test only on pushes', () => {
    for (const [name, wf] of Object.entries(config.workflows)) {
      const gate = JSON.stringify(wf.when ?? wf.unless ?? null);
      expect({ name, gated: gate.includes('<< pipeline.parameters.run_deploy >>') }).toEqual({ name, gated: true });
    }
    expect(config.parameters.run_deploy).toEqual({ type: 'boolean', default: false });
    expect(JSON.stringify(config.workflows.deploy!.when)).toContain('run_deploy');
  });
});

describe('docs/examples/github-actions-deploy.yml', () => {
  const workflow = parse(read('docs/examples/github-actions-deploy.yml')) as {
    'run-name': string;
    on: { workflow_dispatch: { inputs: Record<string, unknown> } };
    jobs: Record<string, { environment?: unknown }>;
  };

  it('takes exactly the workflow_dispatch inputs heaven sends', () => {
    expect(Object.keys(workflow.on.workflow_dispatch.inputs).sort()).toEqual(Object.keys(actionsInputs(ctx)).sort());
  });

  it('names its run so that heaven can find it, and declares no environment (no second deployment)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression in the workflow's run-name
    expect(workflow['run-name'].replace('${{ inputs.deployment_id }}', '42')).toBe(runTitle(42));
    for (const job of Object.values(workflow.jobs)) expect(job.environment).toBeUndefined();
  });
});

/** Every shell command of a CI config (CircleCI `run` steps, Actions `run` steps), with where it is. */
function shellCommands(node: unknown, at = ''): Array<{ at: string; command: string }> {
  if (Array.isArray(node)) return node.flatMap((n, i) => shellCommands(n, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => {
    if (key === 'run' && typeof value === 'string') return [{ at, command: value }];
    if (key === 'run' && value && typeof value === 'object' && 'command' in value)
      return [{ at, command: String((value as { command: unknown }).command) }];
    return shellCommands(value, `${at}.${key}`);
  });
}

describe('docs/examples: values of a deployment never become shell code', () => {
  // Anyone who may create a deployment chooses its ref, task and environment name: a shell command
  // reads them from environment variables ("$DEPLOY_ENVIRONMENT"), never from an interpolation
  // that pastes the value into the script itself.
  it.each([
    ['docs/examples/circleci-config.yml', /<<\s*pipeline\.parameters\./],
    ['docs/examples/github-actions-deploy.yml', /\$\{\{\s*inputs\./],
  ])('%s interpolates no parameter into a command', (file, interpolation) => {
    const commands = shellCommands(parse(read(file)));
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.filter((c) => interpolation.test(c.command))).toEqual([]);
  });
});
