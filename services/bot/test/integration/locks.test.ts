import { describe, expect, it } from '@jest/globals';
import { createLockStore } from '@chatops/shared/runtime';
import { answersTo, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const run = (text: string, user?: string) => answersTo(h, text, user);

describe('locks', () => {
  it('lock, refuse others with holder/reason/age, let the holder deploy, list, and unlock', async () => {
    expect(await run('lock api staging db migration')).toEqual([
      {
        response_type: 'in_channel',
        text:
          '<@U0ALICE> locked api staging (db migration) for 8h 00m. ' +
          'Others cannot deploy there until `unlock api staging` or the time is up.',
      },
    ]);
    const locks = createLockStore(h.redis, h.prefix);
    expect(await locks.get('acme/api', 'staging')).toMatchObject({
      holder: { slack_user_id: 'U0ALICE' },
      reason: 'db migration',
    });
    h.now.ms += 5 * 60_000;
    expect((await run('api to staging', 'U0BOB'))[0]!.text).toBe(
      'staging of acme/api is locked by <@U0ALICE>: "db migration" (5m 00s ago). ' +
        'Only they may deploy there until it is unlocked (it ends in 7h 55m).',
    );
    expect(h.github.deployments).toHaveLength(0);
    expect((await run('api to staging', 'U0ALICE'))[0]!.text).toContain('created');
    expect(h.github.deployments).toHaveLength(1);
    expect((await run('locks', 'U0BOB'))[0]!.text).toBe(
      'Locked environments:\n• acme/api staging: locked by <@U0ALICE> "db migration", 5m 00s ago, ends in 7h 55m',
    );
    expect((await run('lock api staging', 'U0BOB'))[0]!.text).toContain('is locked by <@U0ALICE>');
    // Bob waits in its waiting list: his unlock takes him out of it; a second one is refused.
    expect((await run('unlock api staging', 'U0BOB'))[0]!.text).toBe('You left the waiting list for api staging.');
    expect((await run('unlock api staging', 'U0BOB'))[0]!.text).toBe(
      'Only the holder <@U0ALICE> or <@U0ALICE> may unlock api staging.',
    );
    expect((await run('unlock api staging', 'U0ALICE'))[0]).toEqual({
      response_type: 'in_channel',
      text: '<@U0ALICE> unlocked api staging.',
    });
    expect(await locks.get('acme/api', 'staging')).toBeNull();
    expect((await run('locks'))[0]!.text).toBe('No environment is locked.');
  });

  it('a reason cannot ping the channel: Slack markup in it is escaped', async () => {
    expect((await run('lock api staging <!channel> look'))[0]!.text).toBe(
      '<@U0ALICE> locked api staging (&lt;!channel&gt; look) for 8h 00m. ' +
        'Others cannot deploy there until `unlock api staging` or the time is up.',
    );
  });

  it('an overrider may unlock someone else’s lock, and the holder is told', async () => {
    await run('lock api staging', 'U0BOB');
    expect((await run('unlock api staging', 'U0ALICE'))[0]).toEqual({
      response_type: 'in_channel',
      text: '<@U0ALICE> unlocked api staging. <@U0BOB>, your lock was overridden.',
    });
  });
});

describe('who may: user groups resolved in the worker', () => {
  it('a member of a listed user group deploys; the group is cached; a non-member is refused', async () => {
    h.github.setCommitStatus('acme/api', 'a'.repeat(40), 'ci/test', 'success');
    expect((await run('api to prod', 'U0CAROL'))[0]!.text).toContain('created');
    expect(h.slack.callsOf('usergroups.users.list')).toHaveLength(1);
    const refused = await h.command('api to prod', { user_id: 'U0BOB' });
    expect(refused.body!.text).toBe('You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.');
    expect(h.github.deployments).toHaveLength(1);
  });
});
