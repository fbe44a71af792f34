import { describe, expect, it } from '@jest/globals';
import type { DeployCommand, PendingApproval } from '../../src/ports.js';
import { approvalsMissing as countMissing } from '@chatops/shared/contracts';
import { approvalExpired, endedRefusal, mayApprove, mayReject } from '../../src/handlers/approval-rules.js';
import { approvalBlocks } from '../../src/render/approval-blocks.js';
import { namesCommit } from '../../src/commands/names-commit.js';
import { approvalContext, endedLine } from '../../src/render/approval-text.js';
import { deployWords } from '../../src/render/deploy-text.js';
import { readButtonPress } from '../../src/routes/button-press.js';
import { commandJob, NOW } from '../helpers/command-context.js';

const deploy: DeployCommand = {
  action: 'deploy',
  app: 'api',
  environment: 'production',
  ref: 'main',
  force: false,
  noop: false,
  params: {},
};
const pending = (over: Partial<PendingApproval> = {}): PendingApproval => ({
  job: commandJob(),
  deploy,
  extras: {},
  required: 2,
  approvers: ['U0BOB', 'S0OPS'],
  expires_at: new Date(NOW + 3_600_000).toISOString(),
  context: 'context',
  what: 'deploy api/main to production',
  ...over,
});
const groups = (id: string) => (id === 'S0OPS' ? ['U0CAROL', 'U0ALICE'] : null);
const at = (ms: number) => new Date(ms).toISOString();

describe('who may approve or reject', () => {
  it('never the requester, even as a member of an approver group (the two-person rule)', () => {
    expect(mayApprove(pending(), 'U0ALICE', groups)).toEqual({
      allowed: false,
      reason: 'You asked for this deploy, so you cannot approve it: someone else must.',
    });
  });

  it('a listed user or a member of a listed group; anyone else is told who may', () => {
    expect(mayApprove(pending(), 'U0BOB', groups)).toEqual({ allowed: true });
    expect(mayApprove(pending(), 'U0CAROL', groups)).toEqual({ allowed: true });
    expect(mayApprove(pending(), 'U0DAVE', groups)).toEqual({
      allowed: false,
      reason: 'You may not approve this deploy. Those who may: <@U0BOB>, <!subteam^S0OPS>.',
    });
    // A group whose members are not known lets nobody through.
    expect(mayApprove(pending(), 'U0CAROL', () => null).allowed).toBe(false);
  });

  it('rejects: an approver, or the requester who withdraws it; no one else', () => {
    expect(mayReject(pending(), 'U0ALICE', groups)).toEqual({ allowed: true });
    expect(mayReject(pending(), 'U0CAROL', groups)).toEqual({ allowed: true });
    expect(mayReject(pending(), 'U0DAVE', groups)).toEqual({
      allowed: false,
      reason: 'You may not reject this deploy. Those who may: <@U0BOB>, <!subteam^S0OPS>.',
    });
  });
});

describe('counting and expiry', () => {
  const approval = (id: string) => ({ slack_user_id: id, name: id, at: at(NOW) });

  it('counts distinct approvers, never the requester, up to `required`', () => {
    const approvalsMissing = (p: PendingApproval, approvals: Array<{ slack_user_id: string }>) =>
      countMissing(p.required, p.job.requester.slack_user_id, approvals);
    expect(approvalsMissing(pending(), [])).toBe(2);
    expect(approvalsMissing(pending(), [approval('U0BOB')])).toBe(1);
    expect(approvalsMissing(pending(), [approval('U0BOB'), approval('U0BOB')])).toBe(1);
    expect(approvalsMissing(pending(), [approval('U0BOB'), approval('U0ALICE')])).toBe(1);
    expect(approvalsMissing(pending(), [approval('U0BOB'), approval('U0CAROL')])).toBe(0);
    expect(approvalsMissing(pending({ required: 1 }), [approval('U0BOB'), approval('U0CAROL')])).toBe(0);
  });

  it('expires at its time, not before', () => {
    expect(approvalExpired(pending(), NOW + 3_599_999)).toBe(false);
    expect(approvalExpired(pending(), NOW + 3_600_000)).toBe(true);
  });

  it('tells a late press how the request ended', () => {
    expect(endedRefusal({ kind: 'approved', by: 'x' })).toBe(
      'This deploy was already approved; nothing more is needed.',
    );
    expect(endedRefusal({ kind: 'rejected', by: 'x' })).toBe(
      'This deploy was rejected; nothing was deployed. Run the command again to ask anew.',
    );
    expect(endedRefusal({ kind: 'expired' })).toBe(
      'This approval request has expired; nothing was deployed. Run the command again to ask anew.',
    );
  });
});

describe('what the request says', () => {
  const hostile = '`<!channel>` & <https://evil|x> *@here*';
  const command: DeployCommand = {
    ...deploy,
    task: 'deploy:migrate',
    noop: true,
    force: true,
    params: { why: hostile },
  };
  const words = deployWords({
    requesterId: 'U0ALICE',
    appName: 'api',
    ref: 'main',
    githubEnvironment: 'production',
    command,
  });

  it('shows ref, short sha, task/noop/force, params and the commits since what runs there, all escaped', () => {
    const text = approvalContext({
      words,
      command,
      sha: 'c'.repeat(40),
      running: {
        sha: 'a'.repeat(40),
        comparison: {
          htmlUrl: 'https://github.com/acme/api/compare/a...c',
          total: 12,
          commits: Array.from({ length: 12 }, (_, i) => ({
            sha: String(i).repeat(40).slice(0, 40),
            message: i === 11 ? `${hostile}\nsecond line` : `commit ${i}`,
            author: i === 11 ? '<@U0EVE>' : 'dev',
          })),
        },
      },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '<@U0ALICE> asks to deploy *api*/`main` (`ccccccc`) to *production* ' +
        '(task `deploy:migrate`, dry run (noop), forced past status checks).',
    );
    expect(lines[1]).toBe("Parameters: `why`=`'&lt;!channel&gt;' &amp; &lt;https://evil|x&gt; *@here*`");
    expect(lines[2]).toBe(
      '<https://github.com/acme/api/compare/a...c|12 commits> since what runs there now (`aaaaaaa`):',
    );
    expect(lines).toHaveLength(3 + 10 + 1);
    expect(lines[3]).toBe('• `2222222` commit 2 (dev)');
    expect(lines[12]).toBe('• `1111111` `&lt;!channel&gt;` &amp; &lt;https://evil|x&gt; *@here* (&lt;@U0EVE&gt;)');
    expect(lines[13]).toBe('…and 2 earlier ones.');
    expect(text).not.toMatch(/<!channel>|<@U0EVE>|<https:\/\/evil/);
  });

  it('says when nothing runs there, when it is the same commit, and when GitHub could not compare', () => {
    const base = { words, command: deploy, sha: 'c'.repeat(40) };
    expect(
      approvalContext({ ...base, running: null })
        .split('\n')
        .at(-1),
    ).toBe('Nothing runs there yet (no earlier deployment).');
    expect(
      approvalContext({ ...base, running: { sha: 'c'.repeat(40), comparison: null } })
        .split('\n')
        .at(-1),
    ).toBe('It is the commit that runs there now (`ccccccc`).');
    expect(
      approvalContext({ ...base, running: { sha: 'a'.repeat(40), comparison: null } })
        .split('\n')
        .at(-1),
    ).toBe('Could not compare it with what runs there now (`aaaaaaa`).');
  });

  it('shows the short sha once when the ref is that sha (a rollback, a promote)', () => {
    const sha = 'c'.repeat(40);
    const rollback: DeployCommand = { ...deploy, ref: sha, rollback_of: 7 };
    const shaWords = deployWords({
      requesterId: 'U0ALICE',
      appName: 'api',
      ref: sha,
      githubEnvironment: 'production',
      command: rollback,
    });
    expect(approvalContext({ words: shaWords, command: rollback, sha, running: null }).split('\n')[0]).toBe(
      '<@U0ALICE> asks to deploy *api*/`ccccccc` to *production* (rolling back deployment #7).',
    );
  });

  it('tells a ref that is the sha (whole or abbreviated, 4 characters and more) from a branch', () => {
    const sha = 'cafe'.repeat(10);
    expect([sha, 'cafecaf', 'cafe', 'caf', 'main', 'cafd'].map((ref) => namesCommit(ref, sha))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('escapes a reject reason', () => {
    expect(endedLine({ kind: 'rejected', by: 'U0BOB', reason: '<!here> & go' }, [])).toBe(
      '*Rejected* by <@U0BOB>: &lt;!here&gt; &amp; go. Nothing was deployed.',
    );
  });

  it('puts Approve behind a confirmation dialog; both buttons carry only the request id', () => {
    const blocks = approvalBlocks('req-1', 'text', 'deploy api/main to production') as Array<{
      type: string;
      elements?: Array<Record<string, unknown>>;
    }>;
    const [approve, reject] = blocks.find((b) => b.type === 'actions')!.elements!;
    expect(approve).toEqual({
      type: 'button',
      action_id: 'chatops_approve',
      style: 'primary',
      text: { type: 'plain_text', text: 'Approve' },
      value: 'req-1',
      confirm: {
        title: { type: 'plain_text', text: 'Approve this deploy?' },
        text: {
          type: 'plain_text',
          text: 'Approve deploy api/main to production? It ships once enough approvers approved.',
        },
        confirm: { type: 'plain_text', text: 'Approve' },
        deny: { type: 'plain_text', text: 'Back' },
      },
    });
    expect(reject).toEqual({
      type: 'button',
      action_id: 'chatops_reject',
      style: 'danger',
      text: { type: 'plain_text', text: 'Reject' },
      value: 'req-1',
    });
    expect(blocks.find((b) => b.type === 'input')).toMatchObject({
      block_id: 'chatops_reject_reason',
      optional: true,
      element: { type: 'plain_text_input', action_id: 'reason', max_length: 500 },
    });
  });
});

describe('a press of Approve or Reject', () => {
  const form = (actionId: string, state?: unknown) =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        trigger_id: 't1',
        team: { id: 'T1' },
        user: { id: 'U0BOB', name: 'bob' },
        channel: { id: 'C1' },
        response_url: 'https://hooks.slack.com/actions/T1/1/x',
        actions: [{ action_id: actionId, value: 'req-1', action_ts: '1.2' }],
        ...(state ? { state } : {}),
      }),
    });

  it('becomes an approve job carrying the request id (and, for Reject, the reason typed in the request)', () => {
    const approve = readButtonPress(form('chatops_approve'), at(NOW));
    expect(approve).toMatchObject({
      kind: 'press',
      jobId: 'slack-t1',
      job: { command: { action: 'approve', request_id: 'req-1', decision: 'approve' } },
    });
    const state = {
      values: { chatops_reject_reason: { reason: { type: 'plain_text_input', value: '  too risky ' } } },
    };
    expect(readButtonPress(form('chatops_reject', state), at(NOW))).toMatchObject({
      job: { command: { action: 'approve', request_id: 'req-1', decision: 'reject', reason: 'too risky' } },
    });
    const none = readButtonPress(form('chatops_reject'), at(NOW));
    expect(none.kind === 'press' && none.job.command).toEqual({
      action: 'approve',
      request_id: 'req-1',
      decision: 'reject',
    });
  });
});
