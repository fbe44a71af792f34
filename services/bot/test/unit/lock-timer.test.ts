import { describe, expect, it } from '@jest/globals';
import { ExternalApiError, type EnvironmentLock } from '@chatops/shared/contracts';
import { createLogger, RunAgainLater } from '@chatops/shared/runtime';
import { createMemoryLockStore } from '@chatops/testkit';
import { runLockTimer } from '../../src/handlers/lock-timer.js';
import { commandContext, memoryPorts, NOW } from '../helpers/command-context.js';

const M = 60_000;
const H = 60 * M;
const log = createLogger({ name: 'bot', level: 'silent' });

/** The bot's ports in memory, with a lock store on the test's clock; `D0ALICE` is a DM the bot cannot post in. */
function setup() {
  const now = { ms: NOW };
  const base = memoryPorts();
  const ports = { ...base, locks: createMemoryLockStore({ now: () => now.ms }) };
  const { ctx } = commandContext({ ports, now });
  const deps = {
    ...ctx.deps,
    slack: {
      ...ctx.deps.slack,
      async postMessage(message: { channel: string; text: string }) {
        if (message.channel === 'D0ALICE')
          throw new ExternalApiError('slack', 'channel_not_found', {
            status: 200,
            apiCode: 'channel_not_found',
            retryable: false,
          });
        return ctx.deps.slack.postMessage(message);
      },
    },
  };
  return { now, ports, deps, posted: () => base.slack.messages.map((m) => [m.channel, m.text]) };
}

const lock = (who: string, at: number, hours: number, channel = 'C0DEPLOYS'): EnvironmentLock => ({
  repository: 'acme/api',
  environment: 'staging',
  holder: { slack_user_id: who, name: who },
  reason: '',
  locked_at: new Date(at).toISOString(),
  expires_at: new Date(at + hours * H).toISOString(),
  channel,
});
const job = (kind: 'remind' | 'nag' | 'expire', l: EnvironmentLock) => ({
  kind,
  app: 'api',
  repository: 'acme/api',
  environment: 'staging',
  holder: l.holder.slack_user_id,
  locked_at: l.locked_at,
});

describe('runLockTimer', () => {
  it('an end that comes early (a clock behind) runs again at the lock’s end, changing nothing', async () => {
    const t = setup();
    const alice = lock('U0ALICE', NOW, 1);
    await t.ports.locks.acquire(alice);
    t.now.ms = NOW + H - 5000;
    const early = runLockTimer(t.deps, job('expire', alice), 'lock-expire-a', log);
    await expect(early).rejects.toBeInstanceOf(RunAgainLater);
    await expect(early).rejects.toMatchObject({ delayMs: 5000 });
    expect((await t.ports.locks.get('acme/api', 'staging'))?.holder.slack_user_id).toBe('U0ALICE');
    expect(t.posted()).toEqual([]);
  });

  it('the end hands over, starts the new holder’s timers, and posts where the new holder asked', async () => {
    const t = setup();
    const alice = lock('U0ALICE', NOW, 1);
    await t.ports.locks.acquire(alice);
    await t.ports.locks.lockOrWait(
      lock('U0BOB', NOW, 2, 'C0BOB'),
      {
        holder: { slack_user_id: 'U0BOB', name: 'U0BOB' },
        reason: '',
        duration_ms: 2 * H,
        channel: 'C0BOB',
        joined_at: new Date(NOW).toISOString(),
      },
      10,
    );
    t.now.ms = NOW + H;
    await runLockTimer(t.deps, job('expire', alice), 'lock-expire-a', log);
    expect(t.posted()).toEqual([
      [
        'C0BOB',
        'The lock of <@U0ALICE> on api staging has ended (held 1h 00m). <@U0BOB>, it is your turn: you hold the ' +
          'lock on api staging now and it ends in 2h 00m. `unlock api staging` when you are done.',
      ],
    ]);
    const since = NOW + H;
    expect(t.ports.producer.jobs.map((j) => [j.jobId, j.delayMs])).toEqual([
      [`lock-remind-acme_api-staging-U0BOB-${since}`, 2 * H - 10 * M],
      [`lock-expire-acme_api-staging-U0BOB-${since}`, 2 * H],
    ]);
    // Run again (a retried job): the hand-over is found done; nothing more is posted, and the timers are
    // asked for under the same ids (which BullMQ keeps once).
    await runLockTimer(t.deps, job('expire', alice), 'lock-expire-a', log);
    expect(t.posted()).toHaveLength(1);
    expect(new Set(t.ports.producer.jobs.map((j) => j.jobId)).size).toBe(2);
  });

  it('a reminder for a lock that is gone, or another lock of the same person, says nothing', async () => {
    const t = setup();
    const old = lock('U0ALICE', NOW, 8);
    await runLockTimer(t.deps, job('remind', old), 'lock-remind-a', log);
    await t.ports.locks.acquire(lock('U0ALICE', NOW + M, 8));
    await runLockTimer(t.deps, job('nag', old), 'lock-nag-a', log);
    expect(t.posted()).toEqual([]);
  });

  it('a nag from a DM the bot cannot post in goes to the environment’s channel, once', async () => {
    const t = setup();
    const alice = lock('U0ALICE', NOW, 8, 'D0ALICE');
    await t.ports.locks.acquire(alice);
    t.now.ms = NOW + 4 * H;
    await runLockTimer(t.deps, job('nag', alice), 'lock-nag-a', log);
    await runLockTimer(t.deps, job('nag', alice), 'lock-nag-a', log);
    expect(t.posted()).toEqual([
      [
        'C0DEPLOYS',
        '<@U0ALICE>, you have held the lock on api staging for 4h 00m. Nobody is waiting for it. ' +
          'If you are done, `unlock api staging` lets others deploy.',
      ],
    ]);
  });
});
