import { describe, expect, it } from '@jest/globals';
import { homeUpdateJobSchema, type HomeUpdateJob } from '@chatops/shared/contracts';
import { createLogger, type PayloadNonces } from '@chatops/shared/runtime';
import { createMemoryButtonStore } from '@chatops/testkit';
import { handleDeploymentStatus } from '../../src/deployments/handle-deployment-status.js';
import { githubLinks } from '../../src/render/github-links.js';
import { InMemorySessions } from '../fakes/in-memory-sessions.js';
import { RecordingSlack } from '../fakes/recording-slack.js';
import { PAYLOAD_SECRET, SHA, statusJob, testConfig } from '../helpers/jobs.js';

const nonces: PayloadNonces = { claim: async () => true };

function notifier() {
  const told: HomeUpdateJob[] = [];
  const deps = {
    config: testConfig(),
    slack: new RecordingSlack(),
    sessions: new InMemorySessions(),
    links: githubLinks('https://github.com'),
    postDeploy: { request: async () => undefined },
    payloadSecret: PAYLOAD_SECRET,
    nonces,
    buttons: createMemoryButtonStore(),
    home: { tell: async (u: HomeUpdateJob) => void told.push(homeUpdateJobSchema.parse(u)) },
  };
  const log = createLogger({ name: 'test', level: 'silent' });
  return { told, show: (job: Parameters<typeof handleDeploymentStatus>[0]) => handleDeploymentStatus(job, deps, log) };
}

describe("the bot's Home tabs are told of each status", () => {
  it('the config app and environment, the state the message shows, who asked and the log', async () => {
    const n = notifier();
    await n.show(
      statusJob({ statusId: 1, state: 'in_progress', logUrl: 'https://ci.example/1', at: '2026-11-26T10:01:00Z' }),
    );
    await n.show(statusJob({ statusId: 2, state: 'success', at: '2026-11-26T10:05:00Z' }));
    // A late in_progress never moves it back: the bot is told the state the message shows.
    await n.show(statusJob({ statusId: 3, state: 'in_progress', at: '2026-11-26T10:06:00Z' }));
    expect(n.told.map((t) => [t.status_id, t.state])).toEqual([
      [1, 'in_progress'],
      [2, 'success'],
      [3, 'success'],
    ]);
    expect(n.told[1]).toEqual({
      app: 'api',
      repository: 'acme/api',
      environment: 'staging',
      github_environment: 'staging',
      deployment_id: 145988746,
      status_id: 2,
      state: 'success',
      ref: 'feature-x',
      sha: SHA,
      task: 'deploy',
      requester: { github_login: 'octocat' },
      log_url: 'https://ci.example/1',
      created_at: '2026-11-26T10:00:00Z',
      updated_at: '2026-11-26T10:05:00Z',
    });
  });

  it('nothing for a deployment of no configured environment', async () => {
    const n = notifier();
    await n.show(statusJob({ statusId: 1, state: 'success', environment: 'nowhere' }));
    await n.show(statusJob({ statusId: 2, state: 'success', repository: 'acme/unknown' }));
    expect(n.told).toEqual([]);
  });
});
