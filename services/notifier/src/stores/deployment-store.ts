import type { Redis } from 'ioredis';
import { z } from 'zod';
import { deploymentViewSchema } from '../deployments/deployment-view.js';

const recordSchema = z.object({
  view: deploymentViewSchema,
  /** The result reply went to the message's thread. */
  resultReplied: z.boolean().default(false),
  /** The production result went to the environment's channel. */
  productionNotified: z.boolean().default(false),
});

export type DeploymentRecord = z.infer<typeof recordSchema>;

export type DeploymentStore = {
  get(deploymentId: number): Promise<DeploymentRecord | null>;
  save(record: DeploymentRecord): Promise<void>;
};

export const deploymentRecordKey = (prefix: string, id: number) => `${prefix}:notifier:deployment:${id}`;
export const lastSuccessShaKey = (prefix: string, repo: string, env: string) =>
  `${prefix}:notifier:last-sha:${repo.toLowerCase()}:${env}`;
export const RECORD_TTL_SECONDS = 30 * 24 * 3600;
export const LAST_SHA_TTL_SECONDS = 365 * 24 * 3600;

/** A stored record, or null when absent or unreadable. */
export function parseDeploymentRecord(raw: string | null | undefined): DeploymentRecord | null {
  if (!raw) return null;
  const parsed = recordSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** The notifier's own memory of each deployment's message (what it shows, what was sent), in Redis. */
export function createDeploymentStore(redis: Redis, prefix: string, ttlSeconds = RECORD_TTL_SECONDS): DeploymentStore {
  const recordKey = (id: number) => deploymentRecordKey(prefix, id);
  return {
    async get(id) {
      return parseDeploymentRecord(await redis.get(recordKey(id)));
    },
    async save(record) {
      await redis.set(recordKey(record.view.deploymentId), JSON.stringify(record), 'EX', ttlSeconds);
    },
  };
}
