import { describe, expect, it } from '@jest/globals';
import type { ChatCommand } from '@chatops/shared/contracts';
import { handleConfirm } from '../../src/handlers/confirm.js';
import type { PendingConfirmation } from '../../src/ports.js';
import { commandContext, commandJob, memoryPorts, NOW } from '../helpers/command-context.js';

const ID = 'ask.1';
const pending: PendingConfirmation = {
  job: commandJob({ trigger_id: 'ask.1' }),
  expires_at: new Date(NOW + 5 * 60_000).toISOString(),
  deploy: { action: 'deploy', app: 'api', environment: 'gated', ref: 'main', force: false, noop: false, params: {} },
  extras: {},
};
type Confirm = Extract<ChatCommand, { action: 'confirm' }>;
const cancel: Confirm = { action: 'confirm', confirmation_id: ID, decision: 'cancel' };

/** The question in the channel and its pending deployment, as askConfirmation left them. */
async function asked() {
  const ports = memoryPorts();
  const question = await ports.slack.slack.postMessage({ channel: 'C0DEPLOYS', text: 'Confirm within 5 minutes?' });
  await ports.messages.messages.set(`trigger-${ID}`, question);
  await ports.confirmations.confirmations.save(ID, pending, 420);
  return ports;
}

const press = (trigger: string, user = 'U0ALICE') => ({
  trigger_id: trigger,
  requester: { slack_user_id: user, name: user.toLowerCase() },
  command: cancel,
});

describe('handleConfirm', () => {
  it('refuses a press by someone other than the requester and keeps the question', async () => {
    const ports = await asked();
    const { ctx, replies } = commandContext({ ports, job: press('p.bob', 'U0BOB') });
    await handleConfirm(ctx, cancel);
    expect(replies).toEqual([{ text: 'Only <@U0ALICE>, who asked, may confirm or cancel this.' }]);
    expect(ports.confirmations.pending.has(ID)).toBe(true);
  });

  it('Cancel by the requester: the question says so, nothing is created; a second press finds nothing', async () => {
    const ports = await asked();
    await handleConfirm(commandContext({ ports, job: press('p.1') }).ctx, cancel);
    expect(ports.slack.messages[0]).toMatchObject({
      text: '<@U0ALICE> cancelled "deploy api/main to gated". Nothing was deployed.',
      blocks: [],
    });
    expect(ports.github.requests).toEqual([]);
    const again = commandContext({ ports, job: press('p.2') });
    await handleConfirm(again.ctx, cancel);
    expect(again.replies).toEqual([
      { text: 'This confirmation has expired (5 minutes) or was already answered. Run the command again.' },
    ]);
  });

  it('refuses a press after 5 minutes', async () => {
    const ports = await asked();
    const { ctx, replies } = commandContext({ ports, job: press('p.late'), now: { ms: NOW + 5 * 60_000 + 1 } });
    await handleConfirm(ctx, cancel);
    expect(replies).toEqual([
      { text: 'This confirmation has expired (5 minutes) or was already answered. Run the command again.' },
    ]);
    expect(ports.slack.calls).toEqual(['postMessage']);
  });

  it('a retried press resumes from what its first attempt took', async () => {
    const ports = await asked();
    await ports.confirmations.confirmations.take(ID);
    await ports.marks.marks.remember('press-p.1', JSON.stringify(pending), 600);
    await handleConfirm(commandContext({ ports, job: press('p.1') }).ctx, cancel);
    expect(ports.slack.messages[0]!.text).toBe(
      '<@U0ALICE> cancelled "deploy api/main to gated". Nothing was deployed.',
    );
  });
});
