import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';
import { startApiStack } from './support/start-api-stack.js';

// The waiting list of a lock and its timers across the three processes (built output), real Redis and the fakes:
// a hand-over by unlock lets the new holder's deployment through heaven; in `qa` a lock lasts 5 seconds, so
// its nag, its reminder and its end (handing it to the next on the waiting list) come from the bot's delayed jobs.
const CONFIG = apiConfig({ environments: ['qa: { lock_max: 5s, lock_nag_after: 2s, lock_remind_before: 1s }'] });

const ALICE = { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' };
const BOB = { user_id: 'U0BOB', user_name: 'bob', channel_id: 'C0DEPLOYS' };

describe('a waiting list, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({
      config: CONFIG,
      users: [
        { id: 'U0ALICE', name: 'alice' },
        { id: 'U0BOB', name: 'bob' },
      ],
      durationMs: 200,
    });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  /** The worker's answer to a slash command (through its response_url). */
  const answer = async (text: string, from: typeof ALICE) => {
    const { responseId } = await stack.slash(text, from);
    const [reply] = await waitFor(() => {
      const r = stack.slack.responsesTo(responseId);
      return r.length > 0 ? r : null;
    }, `the answer to "${text}"`);
    return reply!.body as { text: string; response_type?: string };
  };

  it('bob waits; alice’s unlock hands him the lock with a mention; his deployment runs, hers is refused', async () => {
    expect((await answer('lock api staging', ALICE)).response_type).toBe('in_channel');
    expect((await answer('lock api staging release check', BOB)).text).toContain(
      'You are number 1 on the waiting list: I will mention you when the lock is yours.',
    );
    expect((await answer('unlock api staging', ALICE)).text).toMatch(
      /^<@U0ALICE> unlocked api staging\. <@U0BOB>, it is your turn: you hold the lock on api staging now \(release /,
    );
    expect((await answer('api to staging', ALICE)).text).toContain('is locked by <@U0BOB>');
    await answer('api to staging', BOB);
    const deployment = await waitFor(() => stack.github.deployments[0], 'bob’s deployment', 20_000);
    expect(deployment.payload.chatops).toMatchObject({ requester: { slack_user_id: 'U0BOB' } });
    const final = await waitFor(
      () => stack.github.statusesOf(deployment.id).find((s) => ['success', 'failure', 'error'].includes(s.state)),
      'its final status',
      30_000,
    );
    expect(final.state).toBe('success');
    expect(stack.github.deployments).toHaveLength(1);
  }, 60_000);

  it('a lock’s nag, reminder and end come by themselves, once each; its end hands it to the next waiting', async () => {
    const posted = (pattern: RegExp) => stack.slack.messagesIn('C0DEPLOYS').filter((m) => pattern.test(m.text));
    expect((await answer('lock api qa', ALICE)).text).toBe(
      '<@U0ALICE> locked api qa for 5.0 s. Others cannot deploy there until `unlock api qa` or the time is up.',
    );
    expect((await answer('lock api qa', BOB)).text).toContain('You are number 1 on the waiting list');
    await waitFor(() => posted(/^The lock of <@U0BOB> on api qa has ended/).length > 0, 'bob’s lock to end', 20_000);
    expect(posted(/^<@U0ALICE>, you have held the lock on api qa for /)).toHaveLength(1);
    expect(posted(/^<@U0ALICE>, your lock on api qa ends in /)).toHaveLength(1);
    expect(posted(/^The lock of <@U0ALICE> on api qa has ended .*<@U0BOB>, it is your turn/)).toHaveLength(1);
    expect(posted(/^<@U0BOB>, you have held the lock on api qa for /)).toHaveLength(1);
    expect(
      posted(/^The lock of <@U0BOB> on api qa has ended \(held .*\)\. Anyone may deploy there again\.$/),
    ).toHaveLength(1);
    // qa is free again (staging is still bob's, from the test before).
    const locks = (await answer('locks', ALICE)).text;
    expect(locks).toContain('• acme/api staging: locked by <@U0BOB>');
    expect(locks).not.toContain('acme/api qa');
  }, 60_000);
});
