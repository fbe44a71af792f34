import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, FakeCircleCI, FakeGitHub, REDIS_URL, testPrefix, waitFor } from '@chatops/testkit';
import { PAYLOAD_SECRET } from '../helpers/chatops.js';
import { BASE_CONFIG, CIRCLE_SECRET, CIRCLE_TOKEN, GITHUB_SECRET, GITHUB_TOKEN } from '../helpers/harness.js';
import { startHeavenProcess, type HeavenProcess } from '../helpers/heaven-process.js';

describe('heaven as a process (dist/main.js)', () => {
  const prefix = testPrefix('heaven-proc');
  const dir = mkdtempSync(join(tmpdir(), 'heaven-proc-'));
  const github = new FakeGitHub({ token: GITHUB_TOKEN, webhookSecret: GITHUB_SECRET });
  const circle = new FakeCircleCI({
    token: CIRCLE_TOKEN,
    webhookSecret: CIRCLE_SECRET,
    plan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 1500 }] }),
  });
  const redis = new Redis(REDIS_URL);
  const running: HeavenProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    await github.start();
    await circle.start();
    github.addRepo('acme/api');
    circle.followGitHub(github);
    writeFileSync(join(dir, 'chatops.config.yml'), BASE_CONFIG);
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      CHATOPS_CONFIG: join(dir, 'chatops.config.yml'),
      CHATOPS_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'info',
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
      CIRCLECI_TOKEN: CIRCLE_TOKEN,
      CIRCLECI_API_URL: circle.apiUrl,
      CIRCLECI_WEBHOOK_SECRET: CIRCLE_SECRET,
      HEAVEN_POLL_INTERVAL_MS: '100',
      HEAVEN_POLL_MAX_MS: '300',
      GITHUB_RETRIES: '0',
      GITHUB_WRITE_INTERVAL_MS: '0',
      // HEAVEN_JOB_LOCK_MS is left at its default (6 s): the resume below is measured with it.
    };
  });

  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    await github.stop();
    await circle.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const p = await startHeavenProcess(env);
    running.push(p);
    github.options.webhookUrl = `${p.url}/webhooks/github`;
    circle.options.webhookUrl = `${p.url}/webhooks/circleci`;
    return p;
  };

  it('exits 1 with one line naming a missing variable', async () => {
    const { GITHUB_WEBHOOK_SECRET: _omit, ...rest } = env;
    await expect(startHeavenProcess(rest)).rejects.toThrow(
      'heaven exited with 1 before listening:\n[heaven] missing required environment variable GITHUB_WEBHOOK_SECRET',
    );
  });

  it('resumes a deployment whose heaven was SIGKILLed while its job ran within 15 s of the restart, ' +
    'with exactly one pipeline, then stops on SIGTERM', async () => {
    const first = await start();
    const res = await fetch(`${github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: { authorization: `token ${GITHUB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', environment: 'staging', auto_merge: false, required_contexts: [] }),
    });
    const { id } = (await res.json()) as { id: number };
    await waitFor(() => github.statusesOf(id).some((s) => s.state === 'in_progress'), 'in_progress');
    // Hold the job active: CircleCI answers its next look very slowly, and heaven is killed meanwhile.
    const looks = circle.received('GET', /\/workflow$/).length;
    circle.setFaults({ rate: 1, kinds: ['slow'], slowMs: 20_000, match: (r) => /\/workflow$/.test(r.path) });
    await waitFor(() => circle.received('GET', /\/workflow$/).length > looks, 'a look at the pipeline in flight');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(first.child.signalCode).toBe('SIGKILL');
    circle.setFaults(null);

    const restartedAt = Date.now();
    const second = await start();
    const success = await waitFor(
      () => github.received('POST', `/repos/acme/api/deployments/${id}/statuses`).find((r) => r.at >= restartedAt),
      'the next status after the restart',
      20_000,
    );
    const resumeMs = success.at - restartedAt;
    console.log(`heaven resumed the killed deployment ${(resumeMs / 1000).toFixed(1)} s after its restart`);
    expect(resumeMs).toBeLessThanOrEqual(15_000);
    await waitFor(() => github.statusesOf(id).find((s) => s.state === 'success'), 'success after restart', 5_000);
    expect(circle.pipelines).toHaveLength(1);
    expect(circle.received('POST', /\/pipeline$/)).toHaveLength(1);
    expect(github.statusesOf(id).map((s) => s.state)).toEqual(['in_progress', 'success']);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((l) => l.includes('"msg":"closed"'))).toBe(true);
    expect(second.lines.join('\n')).not.toContain(GITHUB_TOKEN);
    expect(second.lines.join('\n')).not.toContain(PAYLOAD_SECRET);
  }, 60_000);
});
