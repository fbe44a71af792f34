import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { jobId, type ProtectionRuleJob } from '@chatops/shared/contracts';
import { createLogger } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { createHarness, repliesTo, settled, type Harness } from '../helpers/harness.js';

/** `live` needs Bob's approval and has a lunch freeze; `held` waits out its freeze; `staging` has neither. */
const CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      live:
        approval: { approvers: [U0BOB], expires_after: 30m }
        freezes:
          - { from: '12:45', to: '14:00', reason: Lunch freeze }
      held:
        protection_rule: { when_frozen: wait }
        freezes:
          - { from: '12:45', to: '14:00', reason: Lunch freeze }
`;

const NOON = Date.parse('2026-12-02T12:30:00Z');
const LUNCH = Date.parse('2026-12-02T13:00:00Z');
const SHA = 'c'.repeat(40);

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function start(options: { githubApp?: boolean } = { githubApp: true }) {
  h = await createHarness({ configText: CONFIG, ...options });
  h.now.ms = NOON;
  h.startWorker();
}

const run = (environment: string, runId = 77): ProtectionRuleJob => ({
  repository: 'acme/api',
  environment,
  run_id: runId,
  deployment_id: 5,
  ref: 'main',
  sha: SHA,
  run_url: `https://github.com/acme/api/actions/runs/${runId}`,
  sender: 'octo<!here>cat',
});

/** heaven's job for a run waiting at `environment`, and the bot's handling of it. */
async function waiting(environment: string, runId = 77) {
  const id = jobId('protection', 'acme/api', runId, environment);
  await h.queues.protection.add('check', run(environment, runId), { jobId: id });
  await finished(id);
}

async function finished(id: string) {
  return waitFor(async () => {
    const state = await (await h.queues.protection.getJob(id))?.getState();
    return state === 'completed' || state === 'failed' ? state : null;
  }, `job ${id}`);
}

type Message = { channel: string; ts: string; text: string; blocks?: unknown[] };
type Element = { action_id: string; value: string };
const buttonsOf = (message: Message): Element[] =>
  ((message.blocks ?? []) as Array<{ type: string; elements?: Element[] }>).find((b) => b.type === 'actions')
    ?.elements ?? [];

let presses = 0;
async function press(
  user: string,
  message: Message,
  buttons: Element[],
  action: 'approve' | 'reject',
  reason?: string,
) {
  presses += 1;
  const trigger = `run-press-${presses}-${user}`;
  const button = buttons.find((e) => e.action_id === `chatops_${action}`)!;
  const res = await h.press({
    type: 'block_actions',
    trigger_id: trigger,
    team: { id: 'T0FAKE' },
    user: { id: user, name: user.toLowerCase() },
    channel: { id: message.channel },
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    message: { ts: message.ts, blocks: message.blocks },
    response_url: h.slack.responseUrl(trigger),
    actions: [{ ...button, type: 'button', action_ts: `${Date.now() / 1000}` }],
    ...(reason !== undefined
      ? { state: { values: { chatops_reject_reason: { reason: { type: 'plain_text_input', value: reason } } } } }
      : {}),
  });
  expect(res.status).toBe(200);
  await settled(h, trigger);
  return repliesTo(h, trigger).map((r) => String(r.text));
}

const CONTEXT =
  'A GitHub Actions run waits to deploy `main` (`ccccccc`) of acme/api to *live* (api): ' +
  '<https://github.com/acme/api/actions/runs/77|workflow run 77>, started by octo&lt;!here&gt;cat.';
const reviews = () => h.github.protectionReviews.map(({ repository: _r, ...review }) => review);

describe('GitHub Actions runs at a custom deployment protection rule', () => {
  it('posts the request; a non-approver is refused; Bob approves: GitHub hears approved, naming him', async () => {
    await start();
    await waiting('live');
    const message = h.slack.messages.at(-1)!;
    expect(message.channel).toBe('C0DEPLOYS');
    expect(message.text.split('\n')[0]).toBe(CONTEXT);
    expect(message.text.split('\n')[1]).toMatch(/^\*Approvals: 0 of 1\.\* Expires <!date\^/);
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => b.action_id)).toEqual(['chatops_approve', 'chatops_reject']);
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'live',
        comment: 'Waiting for approval in Slack: an approver must approve this run.',
      },
    ]);
    // A redelivered webhook (the same job id) and a retried check post nothing more.
    await waiting('live');
    expect(h.slack.messages).toHaveLength(1);
    expect(await press('U0ALICE', message, buttons, 'approve')).toEqual([
      'You may not approve this deploy. Those who may: <@U0BOB>.',
    ]);
    expect(await press('U0BOB', message, buttons, 'approve')).toEqual(['You approved the run.']);
    expect(reviews().at(-1)).toEqual({
      run_id: 77,
      environment_name: 'live',
      state: 'approved',
      comment: 'Approved in Slack by @Bob.',
    });
    expect(h.slack.messages[0]!.text).toMatch(
      /\n\*Approved\* by <@U0BOB> \(.*\)\. GitHub Actions goes ahead with the run\.$/,
    );
    expect(buttonsOf(h.slack.messages[0]!)).toEqual([]);
    expect(h.github.deployments).toEqual([]); // nothing created: the run makes its own deployment
  });

  it('Bob rejects with a reason: GitHub hears rejected, with his name and reason', async () => {
    await start();
    await waiting('live');
    const message = h.slack.messages.at(-1)!;
    expect(await press('U0BOB', message, buttonsOf(message), 'reject', 'not <today>')).toEqual([
      'You rejected it; nothing was deployed.',
    ]);
    expect(reviews().at(-1)).toEqual({
      run_id: 77,
      environment_name: 'live',
      state: 'rejected',
      comment: 'Rejected in Slack by @Bob: not <today>',
    });
    expect(h.slack.messages[0]!.text).toContain('*Rejected* by <@U0BOB>: not &lt;today&gt;');
  });

  it('a frozen environment rejects the run at once with the freeze, and asks nobody', async () => {
    await start();
    h.now.ms = LUNCH;
    await waiting('live');
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'live',
        state: 'rejected',
        comment: 'Rejected by chatops: api live is frozen until 2026-12-02 14:00 UTC: Lunch freeze',
      },
    ]);
    expect(h.slack.messages).toEqual([]);
  });

  it('a freeze approved through: the approval arrives during a freeze, and the run is rejected with why', async () => {
    await start();
    await waiting('live');
    const message = h.slack.messages.at(-1)!;
    h.now.ms = Date.parse('2026-12-02T12:50:00Z'); // the freeze began; the request still runs
    expect(await press('U0BOB', message, buttonsOf(message), 'approve')).toEqual([
      'Approved, but GitHub was told: Rejected by chatops: api live is frozen until 2026-12-02 14:00 UTC: Lunch freeze',
    ]);
    expect(reviews().at(-1)).toEqual({
      run_id: 77,
      environment_name: 'live',
      state: 'rejected',
      comment: 'Approved in Slack by @Bob, but rejected: api live is frozen until 2026-12-02 14:00 UTC: Lunch freeze',
    });
  });

  it('when_frozen: wait comments that the run waits, and decides when the freeze ends', async () => {
    await start();
    h.now.ms = LUNCH;
    await waiting('held');
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'held',
        comment:
          'Waiting in chatops: api held is frozen until 2026-12-02 14:00 UTC: Lunch freeze. ' +
          'This run is decided when the freeze ends.',
      },
    ]);
    const thaw = Date.parse('2026-12-02T14:00:00Z');
    const recheck = jobId('recheck', jobId('run', 'acme/api', 77, 'held', 5), thaw);
    const job = await h.queues.protection.getJob(recheck);
    expect(job?.name).toBe('recheck');
    expect(job?.opts.delay).toBe(thaw - LUNCH + 1000);
    // The freeze's end: the recheck runs now (promoted) and approves.
    h.now.ms = thaw + 1000;
    await job!.promote();
    await finished(recheck);
    expect(reviews().at(-1)).toEqual({
      run_id: 77,
      environment_name: 'held',
      state: 'approved',
      comment: 'Approved by chatops: no freeze or lock holds api held.',
    });
  });

  it('an environment locked by someone rejects the run, naming the holder', async () => {
    await start();
    const { trigger } = await h.command('lock api staging for the migration');
    await settled(h, trigger);
    await waiting('staging');
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'staging',
        state: 'rejected',
        comment:
          'Rejected by chatops: api staging is locked by alice (for the migration); ' +
          'only they may deploy there until it is unlocked.',
      },
    ]);
  });

  it('without approval, freeze or lock the run is approved at once', async () => {
    await start();
    await waiting('staging');
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'staging',
        state: 'approved',
        comment: 'Approved by chatops: no freeze or lock holds api staging.',
      },
    ]);
  });

  it('an unanswered request expires: GitHub hears rejected', async () => {
    await start();
    await waiting('live');
    const id = jobId('expire', jobId('run', 'acme/api', 77, 'live', 5));
    const job = await h.queues.protection.getJob(id);
    expect(job?.opts.delay).toBe(30 * 60_000 + 1000);
    h.now.ms = NOON + 30 * 60_000 + 1000;
    await job!.promote();
    await finished(id);
    expect(reviews().at(-1)).toEqual({
      run_id: 77,
      environment_name: 'live',
      state: 'rejected',
      comment: 'Rejected by chatops: not approved in Slack by 2026-12-02 13:00 UTC.',
    });
    expect(h.slack.messages[0]!.text).toMatch(/\n\*Expired\*: not approved in time\. Nothing was deployed\.$/);
  });

  it('an environment that needs approval but has no channel to ask in rejects the run, saying so', async () => {
    h = await createHarness({
      configText: CONFIG.replace('defaults: { environment: staging, channel: C0DEPLOYS }', ''),
      githubApp: true,
    });
    h.now.ms = NOON;
    h.startWorker();
    await waiting('live');
    expect(reviews()).toEqual([
      {
        run_id: 77,
        environment_name: 'live',
        state: 'rejected',
        comment: 'Rejected by chatops: api live needs approval, but no Slack channel is configured to ask in.',
      },
    ]);
    expect(h.slack.messages).toEqual([]);
  });

  it('with only GITHUB_TOKEN the bot warns at start-up, naming the environments with protection_rule:', async () => {
    const warnings = async (githubApp: boolean) => {
      const lines: Array<{ level: number; msg: string }> = [];
      const destination = new Writable({
        write(chunk, _enc, cb) {
          for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
          cb();
        },
      });
      h = await createHarness({
        configText: CONFIG,
        githubApp,
        logger: createLogger({ name: 'bot', level: 'info', destination }),
      });
      return lines.filter((l) => l.level === 40).map((l) => l.msg);
    };
    expect(await warnings(false)).toEqual([
      'protection_rule: is set for api held, but the bot uses GITHUB_TOKEN and GitHub takes the review of a ' +
        'custom deployment protection rule only from a GitHub App: GitHub Actions runs waiting there will not be ' +
        'answered (set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID instead of GITHUB_TOKEN)',
    ]);
    await h.close();
    expect(await warnings(true)).toEqual([]);
  });

  it('with only GITHUB_TOKEN: GitHub is not called, and the channel is told why, once', async () => {
    await start({ githubApp: false });
    await waiting('staging');
    await waiting('staging');
    expect(h.github.protectionReviews).toEqual([]);
    expect(h.slack.messages.map((m) => m.text)).toEqual([
      '<https://github.com/acme/api/actions/runs/77|GitHub Actions run 77> waits at *staging* of acme/api, ' +
        'but chatops cannot answer it: GitHub takes the review of a custom deployment protection rule only ' +
        'from a GitHub App, and the bot has only GITHUB_TOKEN (set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and ' +
        'GITHUB_APP_INSTALLATION_ID). Approve or reject it in GitHub.',
    ]);
  });
});
