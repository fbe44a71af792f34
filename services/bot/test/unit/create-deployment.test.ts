import { describe, expect, it } from '@jest/globals';
import { findApp } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { createDeployment } from '../../src/handlers/create-deployment.js';
import { buildDeploymentRequest } from '../../src/handlers/deployment-request.js';
import { commandContext } from '../helpers/command-context.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const SECRET = 'payload-secret-0123456789';
const staging = findApp(parseAppsConfig(TEST_CONFIG), 'api')!.app.environments.staging!;
/** The request of trigger 1.2.trigger, whose message is C0DEPLOYS/1.5. */
const request = buildDeploymentRequest({
  repository: 'acme/api',
  appName: 'api',
  githubEnvironment: 'staging',
  environment: staging,
  ref: 'main',
  task: 'deploy',
  force: false,
  noop: false,
  params: {},
  requester: { slack_user_id: 'U0ALICE', name: 'Alice' },
  slack: { channel: 'C0DEPLOYS', ts: '1.5' },
  rollbackOf: null,
  description: 'deploy api/main to staging for Alice via chatops',
  secret: SECRET,
  nonce: '0123456789abcdef0123456789abcdef',
});
const earlier = {
  id: 42,
  sha: 'c'.repeat(40),
  ref: 'main',
  task: 'deploy',
  environment: 'staging',
  created_at: '2026-05-01T11:59:00Z',
  creator: 'chatops-bot',
};

describe('createDeployment: once per command', () => {
  it('notes the created deployment by trigger; a retry reports it without asking GitHub again', async () => {
    const { ctx, ports } = commandContext({});
    const first = await createDeployment(ctx, 'acme/api', request);
    expect(first).toEqual({ outcome: { kind: 'created', id: 101, sha: 'a'.repeat(40) }, merges: [] });
    expect(Object.fromEntries(ports.marks.values)).toEqual({
      'creating-1.2.trigger': '1',
      'deployed-1.2.trigger': `101 ${'a'.repeat(40)}`,
    });
    expect(await createDeployment(ctx, 'acme/api', request)).toEqual(first);
    expect(ports.github.requests).toHaveLength(1);
  });

  it('claims the signed payload’s nonce for the deployment GitHub created, before anyone could copy it', async () => {
    const { ctx, ports } = commandContext({});
    await createDeployment(ctx, 'acme/api', request);
    expect(Object.fromEntries(ports.nonces.owners)).toEqual({ '0123456789abcdef0123456789abcdef': 101 });
    // A copy of the payload on another deployment can no longer claim it.
    expect(await ports.nonces.nonces.claim('0123456789abcdef0123456789abcdef', 102)).toBe(false);
  });

  it('a first attempt never looks on GitHub for an earlier one', async () => {
    const { ctx, ports } = commandContext({});
    ports.github.deployments.push({ ...earlier, payload: request.payload });
    expect((await createDeployment(ctx, 'acme/api', request)).outcome).toMatchObject({ kind: 'created', id: 101 });
  });

  it('a retry that finds only the "creating" mark takes the deployment the bot signed for its message', async () => {
    const { ctx, ports } = commandContext({});
    await ports.marks.marks.remember('creating-1.2.trigger', '1', 600);
    ports.github.deployments.push({ ...earlier, payload: request.payload });
    expect(await createDeployment(ctx, 'acme/api', request)).toEqual({
      outcome: { kind: 'created', id: 42, sha: 'c'.repeat(40) },
      merges: [],
    });
    expect(ports.github.requests).toEqual([]);
  });

  it('a retry creates its own when the one naming its message is not signed', async () => {
    const { ctx, ports } = commandContext({});
    await ports.marks.marks.remember('creating-1.2.trigger', '1', 600);
    const forged = { chatops: { ...(request.payload.chatops as object), signature: 'v1=forged' } };
    ports.github.deployments.push({ ...earlier, payload: forged });
    expect((await createDeployment(ctx, 'acme/api', request)).outcome).toMatchObject({ kind: 'created', id: 101 });
    expect(ports.github.requests).toHaveLength(1);
  });
});

describe('createDeployment: merges and refusals', () => {
  it('asks again after each merge GitHub made first, and keeps their messages', async () => {
    const { ctx, ports } = commandContext({});
    ports.github.answers.push({ kind: 'merged', message: 'one' }, { kind: 'merged', message: 'two' });
    const creation = await createDeployment(ctx, 'acme/api', request);
    expect(creation).toEqual({ outcome: { kind: 'created', id: 101, sha: 'a'.repeat(40) }, merges: ['one', 'two'] });
  });

  it('stops after 3 merges, with nothing created or noted', async () => {
    const { ctx, ports } = commandContext({});
    ports.github.answers.push(...['a', 'b', 'c', 'd'].map((message) => ({ kind: 'merged' as const, message })));
    const creation = await createDeployment(ctx, 'acme/api', request);
    expect(creation).toEqual({ outcome: { kind: 'merged', message: 'c' }, merges: ['a', 'b', 'c'] });
    expect(ports.github.requests).toHaveLength(3);
    expect(ports.marks.values.has('deployed-1.2.trigger')).toBe(false);
  });

  it('a refusal is GitHub’s answer: not noted, so a new command asks again', async () => {
    const { ctx, ports } = commandContext({});
    ports.github.answers.push({ kind: 'conflict', message: 'Conflict merging main into feature-x.' });
    const creation = await createDeployment(ctx, 'acme/api', request);
    expect(creation.outcome).toEqual({ kind: 'conflict', message: 'Conflict merging main into feature-x.' });
    expect(ports.marks.values.has('deployed-1.2.trigger')).toBe(false);
  });
});
