import type { Approval, ApprovalEnd, ApprovalStore, PendingApproval } from '../../src/ports.js';

/** Approval requests in memory (lifetimes are not kept: a test never outlives them). */
export function createMemoryApprovals() {
  const pending = new Map<string, PendingApproval>();
  const votes = new Map<string, Array<Approval & { by: string }>>();
  const ends = new Map<string, ApprovalEnd>();
  const strip = ({ by: _by, ...a }: Approval & { by: string }): Approval => a;
  return {
    pending,
    ends,
    approvals: {
      async save(id, request, _ttlSeconds) {
        pending.set(id, structuredClone(request));
      },
      async get(id) {
        return structuredClone(pending.get(id)) ?? null;
      },
      async approve(id, approval, by, _ttlSeconds) {
        const list = votes.get(id) ?? [];
        if (!list.some((v) => v.slack_user_id === approval.slack_user_id)) list.push({ ...approval, by });
        votes.set(id, list);
        return { approvals: list.map(strip), by: list.find((v) => v.slack_user_id === approval.slack_user_id)!.by };
      },
      async approvals(id) {
        return (votes.get(id) ?? []).map(strip);
      },
      async end(id, end, _ttlSeconds) {
        if (!ends.has(id)) ends.set(id, end);
        return ends.get(id)!;
      },
      async ended(id) {
        return ends.get(id) ?? null;
      },
    } satisfies ApprovalStore,
  };
}
