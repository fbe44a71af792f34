import type { Queue } from 'bullmq';
import { jobId } from '@chatops/shared/contracts';
import type { Waker } from '../ports.js';
import type { WakeFlags } from '../stores/wake-flags.js';

/**
 * The wake/promote protocol of the `deployments` queue. A wake writes its flag, then promotes the
 * job if it sleeps (in the delayed set); a job that asks to sleep moves to the delayed set, then
 * takes the flag and promotes itself if it was set. In either order one of the two sees the other's
 * write, so no wake is lost while the job is between the two.
 */
export function createBullmqWaker(deployments: Queue, flags: WakeFlags): Waker {
  // promote() refuses a job that is not delayed (active, waiting, done): nothing to do then.
  const promoteIfDelayed = async (id: number) => {
    const job = await deployments.getJob(jobId('deployment', id));
    await job?.promote().catch(() => undefined);
  };
  return {
    async wake(id) {
      await flags.set(id);
      await promoteIfDelayed(id);
    },
    async afterSleep(id) {
      if (await flags.take(id)) await promoteIfDelayed(id);
    },
  };
}
