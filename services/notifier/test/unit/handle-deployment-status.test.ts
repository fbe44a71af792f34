import { describe, expect, it } from '@jest/globals';
import { createLogger, type PayloadNonces } from '@chatops/shared/runtime';
import { createMemoryButtonStore } from '@chatops/testkit';
import { handleDeploymentStatus, type DeploymentStatusDeps } from '../../src/deployments/handle-deployment-status.js';
import { githubLinks } from '../../src/render/github-links.js';
import { InMemorySessions } from '../fakes/in-memory-sessions.js';
import { RecordingSlack } from '../fakes/recording-slack.js';
import { PAYLOAD_SECRET, signedChatops, statusJob, testConfig } from '../helpers/jobs.js';

/** Nonces in memory: the first deployment to present one keeps it. */
const nonces = (): PayloadNonces => {
  const owner = new Map<string, number>();
  return {
    async claim(nonce, id) {
      if (!owner.has(nonce)) owner.set(nonce, id);
      return owner.get(nonce) === id;
    },
  };
};

function notifier() {
  const slack = new RecordingSlack();
  const sessions = new InMemorySessions();
  const requested: number[] = [];
  const deps: DeploymentStatusDeps = {
    config: testConfig(),
    slack,
    sessions,
    links: githubLinks('https://github.com'),
    postDeploy: { request: async (job) => void requested.push(job.deployment_id) },
    payloadSecret: PAYLOAD_SECRET,
    nonces: nonces(),
    buttons: createMemoryButtonStore(),
  };
  const log = createLogger({ name: 'test', level: 'silent' });
  return {
    slack,
    sessions,
    requested,
    show: (job: Parameters<typeof handleDeploymentStatus>[0]) => handleDeploymentStatus(job, deps, log),
  };
}

const BOT = { channel: 'C0CHAT', ts: '1699999999.000100' };

describe('handleDeploymentStatus (in memory)', () => {
  it("updates the bot's message named by a signed payload, mentioning its requester on failure", async () => {
    const n = notifier();
    await n.show(statusJob({ statusId: 1, state: 'failure', chatops: { slack: BOT } }));
    expect(n.slack.sent.map((s) => [s.method, 'channel' in s ? s.channel : ''])).toEqual([
      ['updateMessage', 'C0CHAT'],
      ['postMessage', 'C0CHAT'],
    ]);
    expect(n.slack.sent[1]!.body.text).toBe('<@U0ALICE> deploying api feature-x (f95f852) to staging failed in 0 ms');
  });

  it('shows a deployment whose payload does not verify in its own message, naming the GitHub user', async () => {
    const n = notifier();
    const { signature: _s, ...unsigned } = signedChatops({ slack: BOT });
    await n.show(statusJob({ statusId: 1, state: 'failure', payload: { chatops: unsigned }, creator: 'mallory' }));
    expect(n.slack.sent.map((s) => [s.method, 'channel' in s ? s.channel : ''])).toEqual([
      ['postMessage', 'C0STAGING'],
      ['postMessage', 'C0STAGING'],
    ]);
    expect(n.slack.sent[0]!.body.text).toBe('mallory failed to deploy api feature-x (f95f852) to staging: failed');
    expect(JSON.stringify(n.slack.sent)).not.toContain('U0ALICE');
  });

  it('gives a replayed signed payload its own message, and keeps later statuses on the message on record', async () => {
    const n = notifier();
    const first = statusJob({ deploymentId: 1, statusId: 1, state: 'in_progress', chatops: { slack: BOT } });
    await n.show(first);
    await n.show(statusJob({ deploymentId: 2, statusId: 2, state: 'in_progress', payload: first.deployment.payload }));
    await n.show(statusJob({ deploymentId: 2, statusId: 3, state: 'success', payload: first.deployment.payload }));
    expect(n.slack.sent.map((s) => [s.method, 'channel' in s ? s.channel : ''])).toEqual([
      ['updateMessage', 'C0CHAT'],
      ['postMessage', 'C0STAGING'],
      ['updateMessage', 'C0STAGING'],
      ['postMessage', 'C0STAGING'],
    ]);
    expect(n.sessions.refs.get(2)).toMatchObject({ channel: 'C0STAGING', ts: '1700000000.000001' });
    expect(n.requested).toEqual([2]);
  });
});
