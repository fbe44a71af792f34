import { describe, expect, it } from '@jest/globals';
import { homeUpdateJobSchema, jobId, QUEUES, type HomeUpdateJob } from '@chatops/shared/contracts';
import { addValidatedJob, createFreezeStore, createQueue, DEFAULT_JOB_OPTIONS } from '@chatops/shared/runtime';
import { appHomeOpenedEvent, eventCallback, waitFor } from '@chatops/testkit';
import type { Queue } from 'bullmq';
import { blockOf, interact, modalOf } from '../helpers/dialogs.js';
import { eventSettled, postEvent } from '../helpers/events.js';
import { answersTo, createHarness, GITHUB_TOKEN, harnessPerTest, type Harness } from '../helpers/harness.js';

const h = harnessPerTest();
const HOSTILE = 'x`y <!channel> & <@U0EVE|eve>';

type Block = {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; text?: { text: string } }>;
};

let events = 0;
/** A person opens a tab of the app: Slack's app_home_opened, signed, to POST /slack/events. */
async function openHome(harness: Harness, user: string, eventId?: string, delivery: { retryNum?: number } = {}) {
  events += 1;
  const id = eventId ?? `Ev${String(events).padStart(8, '0')}`;
  const res = await postEvent(harness, eventCallback(appHomeOpenedEvent(user), { eventId: id }), delivery);
  expect(res.status).toBe(200);
  return id;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const publishes = (user: string) => h.slack.callsOf('views.publish').filter((c) => c.args.user_id === user).length;
const home = (user: string) => (h.slack.viewsOf(user).home?.blocks ?? []) as Block[];

/** The Home as lines: app headers, each environment's first line and its buttons (by action id). */
function outline(blocks: Block[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'header') lines.push(`# ${b.text!.text}`);
    if (b.type === 'section') lines.push(b.text!.text.split('\n')[0]!);
    if (b.type === 'actions') lines[lines.length - 1] += ` [${b.elements!.map((e) => e.action_id).join(' ')}]`;
  }
  return lines;
}

const sectionOf = (blocks: Block[], title: string) =>
  blocks.find((b) => b.type === 'section' && b.text!.text.startsWith(title))!.text!.text;

/** The notifier's job for a status (the same schema and id as its producer). */
async function statusChanged(
  queue: Queue,
  update: Partial<HomeUpdateJob> & { deployment_id: number; status_id: number },
) {
  const job: HomeUpdateJob = {
    app: 'api',
    repository: 'acme/api',
    environment: 'staging',
    github_environment: 'staging',
    state: 'success',
    ref: 'main',
    sha: 'a'.repeat(40),
    task: 'deploy',
    requester: { slack_user_id: 'U0ALICE', name: 'alice' },
    log_url: 'https://ci.example/1',
    created_at: new Date(h.now.ms - 60_000).toISOString(),
    updated_at: new Date(h.now.ms).toISOString(),
    ...update,
  };
  await addValidatedJob(queue, homeUpdateJobSchema, 'deployment', job, {
    ...DEFAULT_JOB_OPTIONS,
    jobId: jobId('home', job.deployment_id, job.status_id),
  });
}

async function withEventQueue<T>(fn: (q: Queue) => Promise<T>): Promise<T> {
  const queue = createQueue(QUEUES.slackEvents, { connection: h.redis, prefix: h.prefix });
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

async function withQueues<T>(fn: (q: { updates: Queue; tab: Queue }) => Promise<T>): Promise<T> {
  const updates = createQueue(QUEUES.homeUpdates, { connection: h.redis, prefix: h.prefix });
  const tab = createQueue(QUEUES.homeTab, { connection: h.redis, prefix: h.prefix });
  try {
    return await fn({ updates, tab });
  } finally {
    await Promise.all([updates.close(), tab.close()]);
  }
}

describe('the Home tab', () => {
  it('shows a person every environment of the apps they may deploy, buttons only where they may act', async () => {
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    // Bob is in no deployers list: production environments are read-only for him (api production
    // names its deployers; web's names none, so nobody deploys there). web takes commands in C0WEB only,
    // and its messages go to C0DEPLOYS: read-only from Home, as its dialogs offer nothing.
    expect(outline(home('U0BOB'))).toEqual([
      '# Deployments',
      '# api · acme/api',
      '*staging* [open_deploy_dialog open_lock_dialog]',
      '*production* (production)',
      '*review* [open_deploy_dialog]',
      '*gated* [open_deploy_dialog open_lock_dialog]',
      '*health* [open_deploy_dialog open_lock_dialog]',
      '# web · acme/web',
      '*staging*',
      '*production* (production)',
      '# ghost · acme/ghost',
      '*staging* [open_deploy_dialog open_lock_dialog]',
    ]);
    // Carol deploys to api production through the S0OPS user group.
    await openHome(h, 'U0CAROL');
    await waitFor(() => publishes('U0CAROL') === 1, 'carol’s Home published');
    expect(outline(home('U0CAROL'))[3]).toBe('*production* (production) [open_deploy_dialog open_lock_dialog]');
  });

  it('shows what runs there, the lock and its waiting list, a freeze, the waiting deployments, escaped', async () => {
    expect((await answersTo(h, `lock api staging ${HOSTILE}`, 'U0ALICE'))[0]!.response_type).toBe('in_channel');
    expect((await answersTo(h, 'lock api staging', 'U0BOB'))[0]!.text).toContain(
      'You are number 1 on the waiting list',
    );
    await createFreezeStore(h.redis, h.prefix).set(
      {
        app: 'api',
        environment: 'staging',
        reason: 'release <!here>',
        until: new Date(h.now.ms + 3_600_000).toISOString(),
        by: { slack_user_id: 'U0ALICE', name: 'alice' },
        at: new Date(h.now.ms).toISOString(),
      },
      h.now.ms,
    );
    await withQueues(async ({ updates }) => {
      await statusChanged(updates, { deployment_id: 7, status_id: 71, ref: HOSTILE, sha: '7'.repeat(40) });
      await statusChanged(updates, {
        deployment_id: 8,
        status_id: 81,
        state: 'queued',
        ref: 'feature-x',
        sha: '8'.repeat(40),
        requester: { slack_user_id: 'U0CAROL' },
      });
      await waitFor(async () => (await updates.getJobCounts('completed')).completed === 2, 'the updates kept');
    });
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    const staging = sectionOf(home('U0BOB'), '*staging*');
    const lines = staging.split('\n');
    expect(lines[0]).toBe('*staging*');
    expect(lines[1]).toMatch(
      new RegExp(
        "^:white_check_mark: Runs `x'y &lt;!channel&gt; &amp; &lt;@U0EVE\\|eve&gt;` `7777777` · succeeded · " +
          '<@U0ALICE> · <!date\\^\\d+\\^\\{ago\\}\\|[^>]+> · <https://ci\\.example/1\\|log>$',
      ),
    );
    expect(lines[2]).toBe(':hourglass_flowing_sand: Waiting to deploy: `feature-x` `8888888` by <@U0CAROL>');
    expect(lines[3]).toMatch(
      new RegExp(
        '^:lock: Locked by <@U0ALICE> until <!date\\^\\d+\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+>: ' +
          '"x`y &lt;!channel&gt; &amp; &lt;@U0EVE\\|eve&gt;"$',
      ),
    );
    expect(lines[4]).toBe('      Waiting for the lock: 1. <@U0BOB>');
    expect(lines[5]).toMatch(/^:snowflake: Frozen until <!date\^\d+\^[^>]+>: release &lt;!here&gt;$/);
    expect(JSON.stringify(home('U0BOB'))).not.toMatch(/<!channel>|<!here>|<@U0EVE/);
    // Bob waits for Alice's lock during a freeze: no Deploy, Roll back or Lock; he may leave the lock's
    // waiting list, and cancel the waiting deployment (as `cancel api staging` would).
    const buttons = home('U0BOB').find(
      (b) => b.type === 'actions' && b.elements![0]!.text!.text === 'Leave the lock line',
    );
    expect(buttons!.elements!.map((e) => e.action_id)).toEqual(['chatops_home_unlock', 'chatops_home_cancel']);
  });

  it('a state change publishes once more, debounced, with the latest state, only for who opened Home', async () => {
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    await withQueues(async ({ updates, tab }) => {
      // Held until both changes are kept, so that the one publish they come to runs after both.
      await tab.pause();
      await statusChanged(updates, { deployment_id: 9, status_id: 91, state: 'in_progress', sha: '9'.repeat(40) });
      await statusChanged(updates, { deployment_id: 9, status_id: 92, state: 'success', sha: '9'.repeat(40) });
      await waitFor(async () => (await updates.getJobCounts('completed')).completed === 2, 'both changes kept');
      const pending = await tab.getJobCounts('delayed', 'wait', 'paused');
      expect(sum(pending)).toBe(1);
      await tab.resume();
      await waitFor(() => publishes('U0BOB') === 2, 'the Home published again');
      await waitFor(async () => {
        return sum(await tab.getJobCounts('delayed', 'wait', 'active', 'paused')) === 0;
      }, 'no publish left');
    });
    expect(publishes('U0BOB')).toBe(2);
    expect(sectionOf(home('U0BOB'), '*staging*').split('\n')[1]).toMatch(
      /^:white_check_mark: Runs `main` `9999999` · succeeded/,
    );
    expect(publishes('U0ALICE')).toBe(0);
    expect(publishes('U0CAROL')).toBe(0);
  });

  it('a lock taken or a freeze set from chat shows in the Homes that show its app', async () => {
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    await answersTo(h, 'lock api staging db migration', 'U0ALICE');
    await waitFor(
      () => sectionOf(home('U0BOB'), '*staging*').includes(':lock: Locked by <@U0ALICE>'),
      'the lock shown',
    );
    // Each change in its own debounce window (the harness's clock stands still otherwise).
    h.now.ms += 3000;
    await answersTo(h, 'freeze api staging until 18:00 release', 'U0ALICE');
    await waitFor(() => sectionOf(home('U0BOB'), '*staging*').includes(':snowflake: Frozen until'), 'the freeze shown');
    h.now.ms += 3000;
    await answersTo(h, 'unlock api staging', 'U0ALICE');
    await waitFor(() => !sectionOf(home('U0BOB'), '*staging*').includes(':lock:'), 'the unlock shown');
    expect(publishes('U0ALICE')).toBe(0);
  });

  it('an app_home_opened delivered twice publishes once; another tab publishes nothing', async () => {
    const id = await openHome(h, 'U0BOB');
    await openHome(h, 'U0BOB', id, { retryNum: 1 });
    const messages = eventCallback({ ...appHomeOpenedEvent('U0ALICE'), tab: 'messages' }, { eventId: 'Ev00000999' });
    expect((await postEvent(h, messages)).status).toBe(200);
    expect(await eventSettled(h, id)).toBe('completed');
    expect(await eventSettled(h, 'Ev00000999')).toBe('completed');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    await withQueues(async ({ tab }) => {
      await waitFor(async () => (await tab.getJobCounts('completed')).completed === 1, 'the publish done');
      expect(sum(await tab.getJobCounts('delayed', 'wait', 'active'))).toBe(0);
    });
    expect(publishes('U0BOB')).toBe(1);
    expect(publishes('U0ALICE')).toBe(0);
  });

  it('an app_home_opened job keeps none of the view Slack sends along', async () => {
    const withView = eventCallback(appHomeOpenedEvent('U0CAROL', { type: 'home', blocks: [] }), {
      eventId: 'Ev00000998',
    });
    expect((await postEvent(h, withView)).status).toBe(200);
    await withEventQueue(async (events) => {
      const job = await waitFor(() => events.getJob('event-Ev00000998'), 'the event job');
      expect(job.data.event).toEqual({
        type: 'app_home_opened',
        user: 'U0CAROL',
        channel: 'D00CAROL',
        tab: 'home',
        event_ts: expect.any(String),
      });
    });
    await waitFor(() => publishes('U0CAROL') === 1, 'the Home published');
  });

  it("Home's Deploy… opens the deploy dialog with its app and environment chosen", async () => {
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    const actions = home('U0BOB').filter((b) => b.type === 'actions');
    // ghost staging's buttons: after api's four (api production and web are read-only for Bob).
    const deploy = actions[4]!.elements![0] as { action_id: string; value: string };
    expect(deploy).toMatchObject({ action_id: 'open_deploy_dialog', value: '{"app":"ghost","environment":"staging"}' });
    const press = {
      type: 'block_actions',
      team: { id: 'T0FAKE' },
      user: { id: 'U0BOB', name: 'bob' },
      trigger_id: h.slack.issueTrigger('U0BOB'),
      container: { type: 'view', view_id: h.slack.viewsOf('U0BOB').home!.id },
      actions: [{ action_id: deploy.action_id, value: deploy.value }],
    };
    expect((await interact(h, press)).status).toBe(200);
    const view = await modalOf(h, 'U0BOB', (v) => blockOf(v, 'environment:ghost') !== undefined);
    expect(view.callback_id).toBe('chatops_deploy_dialog');
    expect(blockOf(view, 'app')!.element.initial_option.value).toBe('ghost');
    expect(blockOf(view, 'environment:ghost')!.element.initial_option.value).toBe('staging');
  });

  it('Unlock and Cancel pressed in Home are the commands, checked again: answered in a direct message', async () => {
    await answersTo(h, 'lock api staging', 'U0ALICE');
    await answersTo(h, 'lock api staging', 'U0BOB');
    await openHome(h, 'U0BOB');
    await waitFor(() => publishes('U0BOB') === 1, 'the Home published');
    const press = (action: string, value: unknown, trigger: string) =>
      h.press({
        type: 'block_actions',
        trigger_id: trigger,
        team: { id: 'T0FAKE' },
        user: { id: 'U0BOB', name: 'bob' },
        view: { id: 'V0HOME', type: 'home', callback_id: '', hash: '1.a' },
        actions: [{ action_id: action, value: JSON.stringify(value), action_ts: '1.2' }],
      });
    const dms = () => h.slack.messages.filter((m) => m.channel === 'U0BOB').map((m) => m.text);
    expect((await press('chatops_home_unlock', { app: 'api', environment: 'staging' }, '1.1.a')).status).toBe(200);
    await waitFor(() => dms().length === 1, 'bob told');
    expect(dms()).toEqual(['You left the waiting list for api staging.']);
    // His Home shows it: he may now wait for the lock again.
    await waitFor(() => publishes('U0BOB') === 2, 'the Home published again');
    const staging = home('U0BOB').find(
      (b) => b.type === 'actions' && b.elements![0]!.text!.text === 'Wait for the lock…',
    );
    expect(staging!.elements!.map((e) => e.action_id)).toEqual(['open_lock_dialog']);
    // A value he made up is checked as if typed: he may not cancel in api production.
    await press('chatops_home_cancel', { app: 'api', environment: 'production' }, '1.1.b');
    await waitFor(() => dms().length === 2, 'bob told again');
    expect(dms()[1]).toBe('You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.');
    expect(await h.queues.control.getJobCounts('wait', 'delayed', 'completed')).toEqual({
      wait: 0,
      delayed: 0,
      completed: 0,
    });
    // A press Slack sends twice is one job.
    await press('chatops_home_cancel', { app: 'api', environment: 'production' }, '1.1.b');
    await withQueues(async ({ tab }) => {
      await waitFor(async () => (await tab.getJobCounts('wait', 'active', 'delayed')).wait === 0, 'presses done');
    });
    expect(dms()).toHaveLength(2);
    // A made-up app is named back escaped (never a mention of the channel)
    await press('chatops_home_unlock', { app: '<!channel>', environment: 'a&b' }, '1.1.c');
    await waitFor(() => dms().length === 3, 'bob told of the made-up app');
    expect(dms()[2]).toBe('&lt;!channel&gt; a&amp;b is no longer in the config.');
  });

  it('an environment unknown to Home is read from GitHub, now and then; a GitHub failure shows nothing', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${h.github.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `token ${GITHUB_TOKEN}`,
          accept: 'application/vnd.github+json',
          'content-type': 'application/json',
          'x-github-api-version': '2022-11-28',
        },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: number };
    };
    const made = await post('/repos/acme/api/deployments', {
      ref: 'main',
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
    });
    await post(`/repos/acme/api/deployments/${made.id}/statuses`, { state: 'success' });
    await openHome(h, 'U0ALICE');
    await waitFor(() => publishes('U0ALICE') === 1, 'the Home published');
    expect(sectionOf(home('U0ALICE'), '*production*').split('\n')[1]).toMatch(
      /^:white_check_mark: Runs `main` `aaaaaaa` · succeeded · chatops-bot · <!date/,
    );
    // acme/ghost is unknown to GitHub: its environment shows nothing, and Home is published all the same.
    const sections = home('U0ALICE').filter((b) => b.type === 'section');
    expect(sections.at(-1)!.text!.text).toBe('*staging*\n:grey_question: No deployment known here yet.');
    const asked = h.github.requests.filter((r) => r.method === 'GET' && r.path.includes('/deployments')).length;
    await openHome(h, 'U0ALICE');
    await waitFor(() => publishes('U0ALICE') === 2, 'the Home published again');
    expect(h.github.requests.filter((r) => r.method === 'GET' && r.path.includes('/deployments')).length).toBe(asked);
  });

  it('stays within 100 blocks for a person who may see more, saying how many are left out', async () => {
    const apps = Array.from({ length: 12 }, (_, i) => {
      const envs = ['staging', 'qa', 'perf', 'demo', 'sandbox'].map((e) => `      ${e}: {}`).join('\n');
      const app = `  app${i}:\n    repository: acme/app${i}\n    circleci: { project_slug: gh/acme/app${i} }\n`;
      return `${app}    environments:\n${envs}`;
    });
    const big = await createHarness({ configText: `defaults: { channel: C0DEPLOYS }\napps:\n${apps.join('\n')}\n` });
    try {
      big.startWorker();
      await openHome(big, 'U0BOB');
      await waitFor(() => big.slack.viewsOf('U0BOB').home, 'the Home published');
      const blocks = big.slack.viewsOf('U0BOB').home!.blocks as Block[];
      expect(blocks).toHaveLength(100);
      expect(blocks.at(-1)).toEqual({
        type: 'context',
        block_id: expect.any(String),
        elements: [
          {
            type: 'mrkdwn',
            text: '…and 20 more environments of 4 apps not shown here: `/deploy where APP` shows any app.',
          },
        ],
      });
    } finally {
      await big.close();
    }
  });
});
