import type { Redis } from 'ioredis';
import { type ReplicaAcks, replicaAcksOf } from './redis.js';

/**
 * After a write that must outlive a failover (a claim taken before calling GitHub or a CI): waits until
 * the replicas `replica_acks=N` asks for hold it (`WAIT`), else throws. Without `replica_acks` on the
 * connection it returns at once. The error is a passing one: the job runs again later.
 */
export async function waitForReplicas(redis: Redis, acks: ReplicaAcks | undefined = replicaAcksOf(redis)) {
  if (!acks) return;
  const acked = Number(await redis.wait(acks.replicas, acks.timeoutMs));
  if (acked < acks.replicas)
    throw new Error(
      `written to the Redis primary, but ${acked} of ${acks.replicas} replicas acknowledged it within ` +
        `${acks.timeoutMs} ms`,
    );
}
