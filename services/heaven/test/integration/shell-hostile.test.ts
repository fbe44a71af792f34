import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedChatops } from '../helpers/chatops.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// The shell provider runs its configured argument list and nothing else: whatever a deployment
// carries (ref, task, payload, requester) reaches the command only as inert environment values.
const canaryDir = mkdtempSync(join(tmpdir(), 'heaven-canary-'));
const canary = join(canaryDir, 'pwned');
const hostile = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `; touch ${canary}`,
  `| touch ${canary}`,
  `&& touch ${canary}`,
  `\ntouch ${canary}`,
];

const script =
  'console.log(JSON.stringify({ argv: process.argv.slice(1), ' +
  'keys: Object.keys(process.env).filter((k) => !["PATH","HOME"].includes(k)).sort(), ' +
  'params: process.env.DEPLOY_PARAMS, requester: process.env.DEPLOY_REQUESTER, task: process.env.DEPLOY_TASK }))';
const config = `
apps:
  api:
    repository: acme/api
    provider: shell
    shell:
      command: ${JSON.stringify([process.execPath, '-e', script, 'fixed-arg'])}
      env: { GREETING: hello }
    environments:
      staging: {}
`;

describe('shell provider under hostile deployments', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('runs only the configured argument list; hostile payload values stay data and run nothing', async () => {
    h = await startHarness({ config });
    const task = `deploy:${hostile[1]}`;
    // Signed by the bot (so the requester and params reach the command), hostile all the same.
    const payload = {
      command: ['sh', '-c', `touch ${canary}`],
      shell: { command: ['sh', '-c', `touch ${canary}`], env: { LD_PRELOAD: '/tmp/evil.so' } },
      env: { PATH: '/tmp/evil' },
      chatops: signedChatops(
        { repository: 'acme/api', environment: 'staging', ref: 'main', task },
        {
          requester: { slack_user_id: 'U0MALLORY', name: hostile[0]! },
          params: Object.fromEntries(hostile.map((v, i) => [`p${i}`, v])),
        },
      ),
    };
    const id = await h.deploy({ task, payload });
    const success = await h.waitForState(id, 'success');
    const log = await (await fetch(`${h.url}${new URL(success.log_url).pathname}`)).text();
    const seen = JSON.parse(log) as { argv: string[]; keys: string[]; params: string; requester: string; task: string };

    expect(seen.argv).toEqual(['fixed-arg']);
    expect(seen.keys).toEqual([
      'DEPLOY_APP',
      'DEPLOY_ENVIRONMENT',
      'DEPLOY_ID',
      'DEPLOY_NOOP',
      'DEPLOY_PARAMS',
      'DEPLOY_REF',
      'DEPLOY_REPOSITORY',
      'DEPLOY_REQUESTER',
      'DEPLOY_SHA',
      'DEPLOY_TASK',
      'GREETING',
    ]);
    expect(JSON.parse(seen.params)).toEqual(Object.fromEntries(hostile.map((v, i) => [`p${i}`, v])));
    expect(seen.requester).toBe(hostile[0]);
    expect(seen.task).toBe(`deploy:${hostile[1]}`);
    expect(existsSync(canary)).toBe(false);
  });
});
