import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { QUEUES } from '@chatops/shared/contracts';
import { createRedis } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { Worker } from 'bullmq';
import { createDialogQueue } from '../../src/adapters/bullmq-dialog-queue.js';

const redis = createRedis(REDIS_URL, 'worker');
const prefix = testPrefix('dialog-queue');
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('the dialogs queue', () => {
  it('takes a dialog to open before the updates and ref refreshes already waiting', async () => {
    const dialogs = createDialogQueue(redis, prefix);
    const user = { slack_user_id: 'U0BOB', name: 'bob' };
    for (const name of ['one', 'two', 'three'])
      await dialogs.add({ kind: 'refresh-refs', repository: `acme/${name}` }, `refs-${name}`);
    await dialogs.add(
      { kind: 'update', dialog: 'deploy', view_id: 'V1', hash: 'h', team_id: 'T1', user, app: 'api' },
      'update-V1',
    );
    await dialogs.add({ kind: 'open', dialog: 'deploy', trigger_id: '1.2.3', team_id: 'T1', user }, 'open-1');
    const order: string[] = [];
    const connection = createRedis(REDIS_URL, 'worker');
    const worker = new Worker(
      QUEUES.dialogs,
      async (job) => {
        order.push(job.id ?? '');
      },
      { connection, prefix, concurrency: 1 },
    );
    try {
      await new Promise<void>((resolve) => {
        worker.on('completed', () => {
          if (order.length === 5) resolve();
        });
      });
    } finally {
      await worker.close();
      await connection.quit();
      await dialogs.queue.close();
    }
    expect(order[0]).toBe('open-1');
    expect(order.slice(1).sort()).toEqual(['refs-one', 'refs-three', 'refs-two', 'update-V1']);
  });
});
