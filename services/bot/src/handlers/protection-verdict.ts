import type { ApprovalConfig, EnvironmentLock, FreezeVerdict } from '@chatops/shared/contracts';
import { protectionComment, type RunPlace } from '../render/protection-text.js';

/**
 * What chatops answers a GitHub Actions run waiting at an environment: reject it at once (a freeze,
 * or a lock: chatops cannot tell which Slack user a GitHub user is, so a lock holds every run), wait
 * for a freeze to end (`when_frozen: wait`), ask the approvers (`approval:`), or approve it.
 */
export type ProtectionVerdict =
  | { kind: 'reject'; comment: string }
  | { kind: 'wait'; until: number; comment: string }
  | { kind: 'ask' }
  | { kind: 'approve'; comment: string };

export type ProtectionInput = {
  place: RunPlace;
  freeze: FreezeVerdict;
  lock: EnvironmentLock | null;
  whenFrozen: 'reject' | 'wait';
  /** The environment's approval, or none (then freezes and locks alone decide). */
  approval: ApprovalConfig | undefined;
};

/** Freezes first, then the lock, then the approvers. Pure. */
export function protectionVerdict(input: ProtectionInput): ProtectionVerdict {
  const { place, freeze, lock } = input;
  if (freeze.frozen) {
    const { reason } = freeze.by;
    return input.whenFrozen === 'wait'
      ? { kind: 'wait', until: freeze.until, comment: protectionComment.waitingForThaw(place, reason, freeze.until) }
      : { kind: 'reject', comment: protectionComment.frozen(place, reason, freeze.until) };
  }
  if (lock) return { kind: 'reject', comment: protectionComment.locked(place, lock.holder.name, lock.reason) };
  if (input.approval) return { kind: 'ask' };
  return { kind: 'approve', comment: protectionComment.clear(place) };
}
