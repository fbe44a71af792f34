import { describe, expect, it } from '@jest/globals';
import type { EnvironmentLock, FreezeVerdict, ProtectionRuleJob } from '@chatops/shared/contracts';
import { protectionVerdict, type ProtectionInput } from '../../src/handlers/protection-verdict.js';
import { protectionComment, runApprovalContext, tokenOnlyText } from '../../src/render/protection-text.js';

const place = { app: 'api', environment: 'production' };
const UNTIL = Date.parse('2026-12-02T14:00:00Z');
const frozen: FreezeVerdict = {
  frozen: true,
  until: UNTIL,
  by: { start: UNTIL - 3_600_000, end: UNTIL, reason: 'Release week', zone: 'UTC', origin: { kind: 'config' } },
  holding: [],
};
const clear: FreezeVerdict = { frozen: false, next: null };
const lock: EnvironmentLock = {
  repository: 'acme/api',
  environment: 'production',
  holder: { slack_user_id: 'U0ALICE', name: 'alice' },
  reason: 'migration',
  locked_at: '2026-12-02T12:00:00Z',
} as EnvironmentLock;
const input = (over: Partial<ProtectionInput> = {}): ProtectionInput => ({
  place,
  freeze: clear,
  lock: null,
  whenFrozen: 'reject',
  approval: undefined,
  ...over,
});
const approval = { required: 1, approvers: ['U0BOB'], expires_after: '1h' };

describe('protectionVerdict (pure)', () => {
  it('a freeze rejects with its reason and end, or waits for its end with when_frozen: wait', () => {
    expect(protectionVerdict(input({ freeze: frozen, lock, approval }))).toEqual({
      kind: 'reject',
      comment: 'Rejected by chatops: api production is frozen until 2026-12-02 14:00 UTC: Release week',
    });
    expect(protectionVerdict(input({ freeze: frozen, whenFrozen: 'wait', approval }))).toEqual({
      kind: 'wait',
      until: UNTIL,
      comment:
        'Waiting in chatops: api production is frozen until 2026-12-02 14:00 UTC: Release week. ' +
        'This run is decided when the freeze ends.',
    });
  });

  it('a lock rejects, naming its holder and reason, before any approver is asked', () => {
    expect(protectionVerdict(input({ lock, approval }))).toEqual({
      kind: 'reject',
      comment:
        'Rejected by chatops: api production is locked by alice (migration); ' +
        'only they may deploy there until it is unlocked.',
    });
  });

  it('asks the approvers when approval is configured, else approves at once', () => {
    expect(protectionVerdict(input({ approval }))).toEqual({ kind: 'ask' });
    expect(protectionVerdict(input())).toEqual({
      kind: 'approve',
      comment: 'Approved by chatops: no freeze or lock holds api production.',
    });
  });
});

describe('protection texts (pure)', () => {
  const hostile: ProtectionRuleJob = {
    repository: 'acme/api',
    environment: 'production',
    run_id: 12,
    ref: 'x`<!channel>',
    sha: 'd'.repeat(40),
    run_url: 'https://github.com/acme/api/actions/runs/12',
    sender: '<@U0ALL>|&*',
  };

  it('escapes what came from GitHub in the approval request', () => {
    const text = runApprovalContext(hostile, place);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0ALL>');
    expect(text).toContain('started by &lt;@U0ALL&gt;|&amp;*');
    expect(text).toContain('<https://github.com/acme/api/actions/runs/12|workflow run 12>');
    expect(tokenOnlyText(hostile, place)).toContain('waits at *production* of acme/api, but chatops cannot answer it');
  });

  it('names the approvers, the rejecter and the reason; cuts a long comment to 1000 characters', () => {
    const approvals = [
      { slack_user_id: 'U0BOB', name: 'Bob', at: '' },
      { slack_user_id: 'U0CAROL', name: 'Carol', at: '' },
    ];
    expect(protectionComment.approved(approvals)).toBe('Approved in Slack by @Bob, @Carol.');
    expect(protectionComment.rejected('Bob', 'not today')).toBe('Rejected in Slack by @Bob: not today');
    const long = protectionComment.rejected('Bob', 'x'.repeat(2000));
    expect(long).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
    expect(protectionComment.asked(2)).toBe('Waiting for approval in Slack: 2 approvers must approve this run.');
  });
});
