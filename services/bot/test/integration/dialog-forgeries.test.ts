import { describe, expect, it } from '@jest/globals';
import { QUEUES } from '@chatops/shared/contracts';
import { createQueue } from '@chatops/shared/runtime';
import type { FakeView } from '@chatops/testkit';
import { blockOf, interact, modalOf } from '../helpers/dialogs.js';
import { harnessPerTest, jobCount, settled } from '../helpers/harness.js';

const h = harnessPerTest();

/** Opens the deploy dialog for `user` through the shortcut; the modal once its default branch is shown. */
async function openDeploy(user: string): Promise<FakeView> {
  await interact(h, h.slack.interactions.shortcut(user, 'deploy'));
  return modalOf(h, user, (v) => blockOf(v, 'ref:api')?.element?.initial_option !== undefined);
}

/** The jobs ever added to the dialogs queue (kept after they complete). */
async function dialogJobs(): Promise<number> {
  const queue = createQueue(QUEUES.dialogs, { connection: h.redis, prefix: h.prefix });
  try {
    return await jobCount(queue);
  } finally {
    await queue.close();
  }
}

describe('a block_actions Slack did not send for this person’s dialog shows nothing', () => {
  it("another person's view (view_id and metadata) in Bob's payload: no job, Alice's view untouched", async () => {
    const alice = structuredClone(await openDeploy('U0ALICE'));
    await openDeploy('U0BOB');
    const jobs = await dialogJobs();
    const updatesOfAlice = () => h.slack.callsOf('views.update').filter((c) => c.args.view_id === alice.id).length;
    const before = updatesOfAlice();
    const forged = h.slack.interactions.viewAction('U0BOB', 'app', { value: 'ghost' }) as { view: unknown };
    forged.view = alice;
    expect(await interact(h, forged)).toEqual({ status: 200, body: undefined });
    expect(await dialogJobs()).toBe(jobs);
    // Bob's own change right after is shown (the worker runs), and Alice's view is as she left it
    const bob = await interact(h, h.slack.interactions.viewAction('U0BOB', 'app', { value: 'ghost' }));
    expect(bob.status).toBe(200);
    await modalOf(h, 'U0BOB', (v) => blockOf(v, 'environment:ghost') !== undefined);
    expect(updatesOfAlice()).toBe(before);
    expect(h.slack.viewsOf('U0ALICE').modals.at(-1)?.hash).toBe(alice.hash);
  });

  it('a tampered private_metadata (not the bot’s signature, or another dialog’s) adds no job', async () => {
    await openDeploy('U0BOB');
    const jobs = await dialogJobs();
    const tampered = h.slack.interactions.viewAction('U0BOB', 'app', { value: 'ghost' }) as {
      view: { private_metadata: string };
    };
    const meta = JSON.parse(tampered.view.private_metadata) as Record<string, string>;
    tampered.view.private_metadata = JSON.stringify({ ...meta, c: 'C0SECRET' });
    expect((await interact(h, tampered)).status).toBe(200);
    const other = h.slack.interactions.viewAction('U0BOB', 'app', { value: 'ghost' }) as {
      view: { callback_id: string };
    };
    other.view.callback_id = 'chatops_lock_dialog';
    expect((await interact(h, other)).status).toBe(200);
    expect(await dialogJobs()).toBe(jobs);
  });
});

describe('a view_submission Slack did not send for this person’s dialog is refused', () => {
  const NOT_YOURS = 'This dialog was not opened for you by the bot. Close it and open it again.';

  it("Bob submits Alice's view (its view_id): refused, nothing queued; Alice's submit then deploys", async () => {
    await openDeploy('U0ALICE');
    await openDeploy('U0BOB');
    const alice = h.slack.interactions.submission('U0ALICE', {}) as { view: { id: string } };
    const forged = h.slack.interactions.submission('U0BOB', {}) as { view: unknown };
    forged.view = structuredClone(alice.view);
    expect((await interact(h, forged)).body).toEqual({ response_action: 'errors', errors: { app: NOT_YOURS } });
    expect(await jobCount(h.queues.commands)).toBe(0);
    // the view's job id was not taken: Alice's submit is hers, one deployment
    expect(await interact(h, alice)).toEqual({ status: 200, body: undefined });
    expect(await settled(h, `view-${alice.view.id}`, `view-${alice.view.id}`)).toBe('completed');
    expect(h.github.deployments).toHaveLength(1);
    expect(h.github.deployments[0]!.request).toMatchObject({ description: expect.stringMatching(/ for alice via /i) });
  });

  it("another dialog's metadata (a lock dialog's, signed for Bob) on a deploy submit: refused", async () => {
    await interact(h, h.slack.interactions.shortcut('U0BOB', 'lock'));
    const lock = await modalOf(h, 'U0BOB', (v) => v.callback_id === 'chatops_lock_dialog');
    await openDeploy('U0BOB');
    const payload = h.slack.interactions.submission('U0BOB', {}) as { view: { private_metadata: string } };
    payload.view.private_metadata = lock.private_metadata;
    expect((await interact(h, payload)).body).toEqual({ response_action: 'errors', errors: { app: NOT_YOURS } });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });
});

describe("the options load URL lists branches only of an app the person's dialog offers", () => {
  it("Bob's dialog (no web from nowhere) asking for web's branches gets none; Alice's from C0WEB does", async () => {
    h.github.push('acme/web', 'feature-web');
    const trigger = h.slack.issueTrigger('U0ALICE');
    await h.command('', { user_id: 'U0ALICE', channel_id: 'C0WEB', trigger_id: trigger });
    await modalOf(h, 'U0ALICE', (v) => blockOf(v, 'ref:api')?.element?.initial_option !== undefined);
    await interact(h, h.slack.interactions.viewAction('U0ALICE', 'app', { value: 'web' }));
    await modalOf(h, 'U0ALICE', (v) => blockOf(v, 'ref:web')?.element?.initial_option !== undefined);
    const values = (r: { body: unknown }) =>
      (r.body as { options: Array<{ value: string }> }).options.map((o) => o.value);
    const alice = await interact(h, h.slack.interactions.suggestion('U0ALICE', 'ref', 'feature'), '/slack/options');
    expect(values(alice)).toEqual(['feature-web']);
    await openDeploy('U0BOB');
    type Values = Record<string, Record<string, { selected_option: { value: string } }>>;
    const forged = h.slack.interactions.suggestion('U0BOB', 'ref', 'feature') as {
      view: { state: { values: Values } };
    };
    forged.view.state.values.app = { app: { selected_option: { value: 'web' } } };
    expect(await interact(h, forged, '/slack/options')).toEqual({ status: 200, body: { options: [] } });
  });
});
