import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyChatopsPayload } from '@chatops/shared/contracts';
import { createFreezeStore } from '@chatops/shared/runtime';
import { answersTo, createHarness, PAYLOAD_SECRET, settled, type Harness } from '../helpers/harness.js';

const FREEZE_CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS, time_zone: Europe/Oslo }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { overriders: [U0ALICE] }
      production:
        production: true
        deployers: [U0ALICE, U0BOB]
        overriders: [U0ALICE]
        freezes:
          - { from: fri 16:00, to: mon 08:00, reason: Weekend freeze }
`;

/** Saturday 2026-12-05, 13:00 in Oslo: inside the weekend freeze, which ends Monday 08:00 (07:00 UTC). */
const SATURDAY = Date.parse('2026-12-05T12:00:00Z');
const UNTIL = 'Mon 2026-12-07 08:00 Europe/Oslo (in 1d 19h)';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ configText: FREEZE_CONFIG });
  h.now.ms = SATURDAY;
  h.startWorker();
});
afterEach(async () => {
  await h.close();
});

const run = (text: string, user = 'U0ALICE') => answersTo(h, text, user);

describe('deploys during a configured freeze', () => {
  it('refuses at once with the reason and the end time, and tells a non-overrider who may', async () => {
    expect(await run('api to production', 'U0BOB')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          `api production is frozen until ${UNTIL}: Weekend freeze. ` +
          'Only <@U0ALICE> may deploy during a freeze (with `force` and a reason).',
      },
    ]);
    expect(await run('api to production', 'U0ALICE')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          `api production is frozen until ${UNTIL}: Weekend freeze. ` +
          'To deploy anyway, give a reason: `/deploy api to production force REASON`',
      },
    ]);
    expect(h.github.deployments).toHaveLength(0);
    expect(h.slack.messages).toHaveLength(0);
  });

  it('refuses `force` without a reason, and `force` by someone who is not an overrider', async () => {
    expect(await run('api to production force', 'U0ALICE')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          `api production is frozen until ${UNTIL}: Weekend freeze. ` +
          'To deploy during a freeze, `force` needs a reason: `/deploy api to production force REASON`',
      },
    ]);
    const bob = await h.command('api to production force hotfix', { user_id: 'U0BOB' });
    expect(bob.body).toEqual({
      response_type: 'ephemeral',
      text: 'You may not use `force` or override locks on production. Those who may: <@U0ALICE>.',
    });
    expect(h.github.deployments).toHaveLength(0);
  });

  it('lets an overrider pass with `force` and a reason: signed in the payload, announced in the channel', async () => {
    const replies = await run('api to production force hotfix for INC-42 <!channel>', 'U0ALICE');
    expect(h.github.deployments).toHaveLength(1);
    const d = h.github.deployments[0]!;
    const target = { repository: 'acme/api', environment: 'production', ref: 'main', task: 'deploy' };
    const trust = verifyChatopsPayload((d.request as { payload: unknown }).payload, target, PAYLOAD_SECRET);
    expect(trust).toMatchObject({
      kind: 'signed',
      chatops: { forced: true, force_reason: 'hotfix for INC-42 <!channel>' },
    });
    expect(replies).toEqual([
      {
        response_type: 'ephemeral',
        text: `Deployment #${d.id} of *api*/\`main\` to production created. Its progress shows in the channel.`,
      },
      {
        response_type: 'in_channel',
        text:
          ':snowflake: <@U0ALICE> deploys *api*/`main` to *production* during a freeze ' +
          `(Weekend freeze, until ${UNTIL}). Reason: "hotfix for INC-42 &lt;!channel&gt;"`,
      },
    ]);
  });

  it('lets deploys through once the freeze ended', async () => {
    h.now.ms = Date.parse('2026-12-07T07:00:00Z');
    const replies = await run('api to production', 'U0BOB');
    expect(replies[0]!.text).toContain('created');
    expect(h.github.deployments).toHaveLength(1);
  });
});

describe('freeze, unfreeze, freezes', () => {
  it('an overrider freezes an environment until a time; deploys are refused; unfreeze ends it', async () => {
    expect(await run('freeze api staging until 2h db migration')).toEqual([
      {
        response_type: 'in_channel',
        text:
          ':snowflake: <@U0ALICE> froze api staging until Sat 2026-12-05 15:00 Europe/Oslo (in 2h 00m): ' +
          'db migration. ' +
          'Deploys there are refused until then, or until `/deploy unfreeze api staging`.',
      },
    ]);
    // In Redis under the prefix, expiring when the freeze ends.
    const key = `${h.prefix}:freeze:api:staging`;
    const ttl = await h.redis.pttl(key);
    expect(ttl).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(2 * 3600_000);
    expect(await createFreezeStore(h.redis, h.prefix).list()).toMatchObject([
      { app: 'api', environment: 'staging', reason: 'db migration', until: '2026-12-05T14:00:00.000Z' },
    ]);
    expect(await run('api to staging', 'U0BOB')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          'api staging is frozen until Sat 2026-12-05 15:00 Europe/Oslo (in 2h 00m): db migration ' +
          '(set by <@U0ALICE>). Only <@U0ALICE> may deploy during a freeze (with `force` and a reason).',
      },
    ]);
    expect((await run('freezes', 'U0BOB'))[0]!.text).toBe(
      [
        '*Frozen now:*',
        '• api production: Weekend freeze, now, until Mon 2026-12-07 08:00 Europe/Oslo (in 1d 19h)',
        '• api staging: db migration (set by <@U0ALICE>), now, until Sat 2026-12-05 15:00 Europe/Oslo (in 2h 00m)',
      ].join('\n'),
    );
    expect(await run('unfreeze api staging')).toEqual([
      { response_type: 'in_channel', text: '<@U0ALICE> unfroze api staging.' },
    ]);
    expect(await h.redis.exists(key)).toBe(0);
    expect((await run('api to staging', 'U0BOB'))[0]!.text).toContain('created');
  });

  it('refuses freeze and unfreeze to someone who is not an overrider, at once', async () => {
    const freeze = await h.command('freeze api staging until 18:00 mine', { user_id: 'U0BOB' });
    expect(freeze.body).toEqual({
      response_type: 'ephemeral',
      text: 'Only <@U0ALICE> may freeze or unfreeze api staging.',
    });
    const unfreeze = await h.command('unfreeze api', { user_id: 'U0BOB' });
    expect(unfreeze.body).toEqual({
      response_type: 'ephemeral',
      text: 'Only <@U0ALICE> may freeze or unfreeze api staging.',
    });
    expect(await createFreezeStore(h.redis, h.prefix).list()).toEqual([]);
  });

  it('freezes a whole app until a time of day; unfreeze of a configured freeze says what still holds', async () => {
    h.now.ms = Date.parse('2026-12-07T09:00:00Z'); // Monday 10:00 in Oslo, after the weekend freeze
    expect((await run('freeze api until 18:00 release day'))[0]!.text).toBe(
      ':snowflake: <@U0ALICE> froze api until Mon 2026-12-07 18:00 Europe/Oslo (in 8h 00m): release day. ' +
        'Deploys there are refused until then, or until `/deploy unfreeze api`.',
    );
    expect((await run('api to production', 'U0BOB'))[0]!.text).toContain(
      'api production is frozen until Mon 2026-12-07 18:00',
    );
    expect((await run('freezes api'))[0]!.text).toBe(
      [
        '*Frozen now:*',
        '• api (every environment): release day (set by <@U0ALICE>), now, ' +
          'until Mon 2026-12-07 18:00 Europe/Oslo (in 8h 00m)',
        '*Coming:*',
        '• api production: Weekend freeze, ' +
          'from Fri 2026-12-11 16:00 Europe/Oslo until Mon 2026-12-14 08:00 Europe/Oslo',
      ].join('\n'),
    );
    expect(await run('unfreeze api production')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          'api production has no freeze set from chat. It is still frozen until Mon 2026-12-07 18:00 Europe/Oslo ' +
          '(in 8h 00m) by another freeze (see `/deploy freezes api`).',
      },
    ]);
    expect(await run('unfreeze api')).toEqual([{ response_type: 'in_channel', text: '<@U0ALICE> unfroze api.' }]);
    expect((await h.command('freeze api until yesterday x')).body).toMatchObject({
      text: 'I cannot read the time after `until`. Usage: `freeze APP [ENV] until TIME REASON`. Try `/deploy help`.',
    });
  });

  it('refuses a time already past, with the exact words', async () => {
    const { trigger, responseId } = await h.command('freeze api staging until 2026-12-01 x', { user_id: 'U0ALICE' });
    await settled(h, trigger);
    expect(h.slack.responsesTo(responseId).map((r) => r.body)).toEqual([
      { response_type: 'ephemeral', text: '2026-12-01 (Europe/Oslo) is already past.' },
    ]);
  });
});
