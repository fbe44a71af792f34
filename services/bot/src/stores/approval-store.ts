import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { Approval, ApprovalEnd, ApprovalStore, PendingApproval } from '../ports.js';

type Vote = Approval & { by: string };

/**
 * Approval requests under `<prefix>:bot:approval:<id>`, their approvals in the hash
 * `…:approval:<id>:votes` (one field per approver, set once: HSETNX) and how each ended in
 * `…:approval:<id>:end` (set once: SET NX), so two presses at once never both deploy.
 */
export function createApprovalStore(redis: Redis, prefix: string): ApprovalStore {
  const key = (id: string, ...rest: string[]) => redisKey(prefix, 'bot', 'approval', id, ...rest);
  const votes = async (id: string): Promise<Vote[]> =>
    Object.values(await redis.hgetall(key(id, 'votes')))
      .map((raw) => JSON.parse(raw) as Vote)
      .sort((a, b) => a.at.localeCompare(b.at) || a.slack_user_id.localeCompare(b.slack_user_id));
  const strip = ({ by: _by, ...approval }: Vote): Approval => approval;
  return {
    async save(id, pending, ttlSeconds) {
      await redis.set(key(id), JSON.stringify(pending), 'EX', ttlSeconds);
    },
    async get(id) {
      const raw = await redis.get(key(id));
      return raw ? (JSON.parse(raw) as PendingApproval) : null;
    },
    async approve(id, approval, by, ttlSeconds) {
      const field = approval.slack_user_id;
      await redis
        .multi()
        .hsetnx(key(id, 'votes'), field, JSON.stringify({ ...approval, by }))
        .expire(key(id, 'votes'), ttlSeconds)
        .exec();
      const all = await votes(id);
      return { approvals: all.map(strip), by: all.find((v) => v.slack_user_id === field)?.by ?? by };
    },
    async approvals(id) {
      return (await votes(id)).map(strip);
    },
    async end(id, end, ttlSeconds) {
      await redis.set(key(id, 'end'), JSON.stringify(end), 'EX', ttlSeconds, 'NX');
      const raw = await redis.get(key(id, 'end'));
      return raw ? (JSON.parse(raw) as ApprovalEnd) : end;
    },
    async ended(id) {
      const raw = await redis.get(key(id, 'end'));
      return raw ? (JSON.parse(raw) as ApprovalEnd) : null;
    },
  };
}
