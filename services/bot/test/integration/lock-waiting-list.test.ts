import { describe, expect, it } from '@jest/globals';
import { jobId } from '@chatops/shared/contracts';
import { createLockStore } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { answersTo, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const M = 60_000;
const H = 60 * M;
const run = async (text: string, user = 'U0ALICE') => (await answersTo(h, text, user))[0];
const say = async (text: string, user = 'U0ALICE') => (await run(text, user))?.text;
const store = () => createLockStore(h.redis, h.prefix, { now: () => h.now.ms });
const holder = async () => (await store().get('acme/api', 'staging'))?.holder.slack_user_id ?? null;
/** What the bot posted in the channel itself (reminders, nags, ends), in order. */
const posted = () => h.slack.messagesIn('C0DEPLOYS').map((m) => m.text);

/** Runs a lock's timer now (its delayed job promoted), as its time had come, and waits for it to finish. */
async function fire(kind: 'remind' | 'nag' | 'expire', who: string, lockedAt: string, again = false): Promise<void> {
  const id = jobId('lock', kind, 'acme/api', 'staging', who, Date.parse(lockedAt));
  const job = await h.queues.timers.getJob(id);
  if (!job) throw new Error(`no timer ${id}`);
  if (again) await job.retry('completed');
  else await job.promote();
  await waitFor(async () => {
    const state = await job.getState();
    if (state === 'failed') throw new Error(`timer ${id} failed`);
    return state === 'completed' && (!again || (await h.queues.timers.getJob(id))!.finishedOn !== job.finishedOn);
  }, `timer ${id}`);
}
const lockedAt = async (who: string) => {
  const lock = await store().peek('acme/api', 'staging');
  if (lock?.holder.slack_user_id !== who) throw new Error(`${who} does not hold the lock`);
  return lock.locked_at;
};

describe('the waiting list of a lock', () => {
  it('each waits in order, told their place; a second lock keeps it; locks lists them; unlock hands over', async () => {
    expect((await run('lock api staging db work'))!.response_type).toBe('in_channel');
    expect(await say('lock api staging for 2h demo', 'U0BOB')).toBe(
      'api staging is locked by <@U0ALICE> ("db work", ends in 8h 00m). You are number 1 on the waiting list: ' +
        'I will mention you when the lock is yours. `unlock api staging` takes you off the waiting list.',
    );
    expect(await say('lock api staging', 'U0CAROL')).toContain('You are number 2 on the waiting list');
    // A double command: the same place, not a second one.
    expect(await say('lock api staging for 2h demo', 'U0BOB')).toBe(
      'You are already number 1 on the waiting list for api staging. ' +
        '`unlock api staging` takes you off the waiting list.',
    );
    expect(await say('api to staging', 'U0BOB')).toContain('is locked by <@U0ALICE>');
    h.now.ms += 10 * M;
    expect(await say('locks', 'U0CAROL')).toBe(
      'Locked environments:\n' +
        '• acme/api staging: locked by <@U0ALICE> "db work", 10m 00s ago, ends in 7h 50m\n' +
        '   waiting: 1. <@U0BOB>, 2. <@U0CAROL>',
    );

    expect(await run('unlock api staging')).toEqual({
      response_type: 'in_channel',
      text:
        '<@U0ALICE> unlocked api staging. <@U0BOB>, it is your turn: you hold the lock on api staging now (demo) ' +
        'and it ends in 2h 00m. `unlock api staging` when you are done.',
    });
    expect(await store().get('acme/api', 'staging')).toMatchObject({
      holder: { slack_user_id: 'U0BOB' },
      reason: 'demo',
      locked_at: new Date(h.now.ms).toISOString(),
      expires_at: new Date(h.now.ms + 2 * H).toISOString(),
    });
    // A double press of unlock (Alice may override here) does not take the lock from Bob.
    expect(await say('unlock api staging')).toBe('You unlocked api staging already; <@U0BOB> holds it now.');
    expect(await holder()).toBe('U0BOB');
    expect(await say('api to staging', 'U0ALICE')).toContain('is locked by <@U0BOB>');
    expect(await say('api to staging', 'U0BOB')).toContain('created');
    expect(h.github.deployments).toHaveLength(1);
    expect(await say('locks')).toBe(
      'Locked environments:\n' +
        '• acme/api staging: locked by <@U0BOB> "demo", just now, ends in 2h 00m\n' +
        '   waiting: 1. <@U0CAROL>',
    );
    // Bob's timers are scheduled (a 2h lock: its reminder and its end; the nag would come after the reminder).
    const since = Date.parse(await lockedAt('U0BOB'));
    const ids = (await h.queues.timers.getDelayed()).map((j) => j.id).filter((id) => id?.includes('U0BOB'));
    expect(ids.sort()).toEqual(
      [`lock-expire-acme_api-staging-U0BOB-${since}`, `lock-remind-acme_api-staging-U0BOB-${since}`].sort(),
    );
  });

  it('a waiting person leaves the waiting list with unlock; then unlock is refused to them, exactly', async () => {
    await run('lock api staging');
    await run('lock api staging', 'U0BOB');
    expect(await say('unlock api staging', 'U0BOB')).toBe('You left the waiting list for api staging.');
    expect(await say('unlock api staging', 'U0BOB')).toBe(
      'Only the holder <@U0ALICE> or <@U0ALICE> may unlock api staging.',
    );
    expect(await say('locks')).toBe(
      'Locked environments:\n• acme/api staging: locked by <@U0ALICE>, just now, ends in 8h 00m',
    );
    expect(await run('unlock api staging')).toEqual({
      response_type: 'in_channel',
      text: '<@U0ALICE> unlocked api staging.',
    });
    expect(await say('locks')).toBe('No environment is locked.');
    expect(await say('unlock api staging', 'U0BOB')).toBe('api staging is not locked.');
  });

  it('a full waiting list refuses the next one, exactly, and keeps those in it', async () => {
    await run('lock api staging');
    for (let i = 1; i <= 10; i += 1) await run('lock api staging', `U0W${String(i).padStart(2, '0')}`);
    expect(await say('lock api staging', 'U0W11')).toBe(
      'api staging is locked by <@U0ALICE> and 10 people are waiting for it, as many as may. Try again later.',
    );
    expect(await store().waiting('acme/api', 'staging')).toHaveLength(10);
  });

  it('a lock is cut to the environment maximum, and a bad duration is refused exactly', async () => {
    expect(await say('lock api staging for 2d')).toBe(
      '<@U0ALICE> locked api staging for 8h 00m (2d 00h was asked; 8h 00m is the most here). ' +
        'Others cannot deploy there until `unlock api staging` or the time is up.',
    );
    const refused = await h.command('lock api staging for 2hours', { user_id: 'U0BOB' });
    expect(refused.body!.text).toBe(
      '"2hours" is not a duration: use minutes, hours or days, like 30m, 2h or 1d. Try `/deploy help`.',
    );
  });
});

describe('a lock that ends by itself', () => {
  it('its end hands it to the first waiting and tells the channel, once; its other timers do nothing', async () => {
    await run('lock api staging for 1h');
    await run('lock api staging for 30m', 'U0BOB');
    const alice = await lockedAt('U0ALICE');
    h.now.ms += H;
    expect(await holder()).toBeNull(); // its time is up: no one's deploy is refused by it
    await fire('expire', 'U0ALICE', alice);
    const ended =
      'The lock of <@U0ALICE> on api staging has ended (held 1h 00m). <@U0BOB>, it is your turn: ' +
      'you hold the lock on api staging now and it ends in 30m 00s. `unlock api staging` when you are done.';
    expect(posted()).toEqual([ended]);
    expect(await holder()).toBe('U0BOB');
    // The same timer again (a retried job): it finds its hand-over done and posts nothing more.
    await fire('expire', 'U0ALICE', alice, true);
    await fire('remind', 'U0ALICE', alice);
    expect(posted()).toEqual([ended]);
    expect(await holder()).toBe('U0BOB');

    const bob = await lockedAt('U0BOB');
    h.now.ms += 30 * M;
    await fire('expire', 'U0BOB', bob);
    expect(posted()).toEqual([
      ended,
      'The lock of <@U0BOB> on api staging has ended (held 30m 00s). Anyone may deploy there again.',
    ]);
    expect(await say('locks')).toBe('No environment is locked.');
  });

  it('the holder is nagged once after lock_nag_after, reminded before the end; after an unlock, nothing', async () => {
    await run('lock api staging');
    const since = await lockedAt('U0ALICE');
    h.now.ms += 4 * H;
    await fire('nag', 'U0ALICE', since);
    await fire('nag', 'U0ALICE', since, true);
    const nag =
      '<@U0ALICE>, you have held the lock on api staging for 4h 00m. Nobody is waiting for it. ' +
      'If you are done, `unlock api staging` lets others deploy.';
    expect(posted()).toEqual([nag]);
    await run('lock api staging', 'U0BOB');
    h.now.ms += 3 * H + 50 * M;
    await fire('remind', 'U0ALICE', since);
    expect(posted()).toEqual([
      nag,
      '<@U0ALICE>, your lock on api staging ends in 10m 00s. 1 person is waiting for it.',
    ]);
    // Unlocked and taken again: the old lock's end does nothing to the new one.
    await run('unlock api staging');
    await run('unlock api staging', 'U0BOB');
    h.now.ms += 2 * M;
    await run('lock api staging');
    await fire('expire', 'U0ALICE', since);
    expect(await holder()).toBe('U0ALICE');
    expect(await lockedAt('U0ALICE')).not.toBe(since);
    expect(posted()).toHaveLength(2);
  });
});
