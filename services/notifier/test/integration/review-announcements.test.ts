import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QUEUES, reviewTeardownJobSchema, type ReviewTeardownJob } from '@chatops/shared/contracts';
import { addValidatedJob, parseAppsConfig } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { startNotifier, type Notifier } from '../helpers/start-notifier.js';

const config = parseAppsConfig(`
defaults: { channel: C0DEFAULT }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    channel: C0APP
    environments:
      staging: {}
      review: { transient: true, channel: C0REVIEWS }
`);

const job = (over: Partial<ReviewTeardownJob> = {}): ReviewTeardownJob => ({
  repository: 'acme/api',
  app: 'api',
  config_environment: 'review',
  environment: 'review-feat-x',
  branch: 'feat-x',
  reason: 'pr-merged',
  pr: 7,
  destroy_id: 1042,
  inactive: 3,
  github_environment: 'deleted',
  channel: 'C0LAST',
  ...over,
});

describe('the notifier announces a review environment torn down', () => {
  let n: Notifier | undefined;
  let queue: Queue | undefined;
  afterEach(async () => {
    await queue?.close();
    await n?.close();
    queue = undefined;
    n = undefined;
  });

  async function add(data: ReviewTeardownJob, id: string): Promise<void> {
    queue ??= new Queue(QUEUES.announcements, { connection: n!.redis, prefix: n!.prefix });
    await addValidatedJob(queue, reviewTeardownJobSchema, 'review-teardown', data, { jobId: id, attempts: 3 });
  }

  it('once in the channel of the last deploy, however many jobs say so', async () => {
    n = await startNotifier({ config });
    await add(job(), 'teardown-1042');
    await add(job(), 'teardown-1042-again');
    await waitFor(async () => (await queue!.getCompletedCount()) === 2, 'both jobs to finish');
    expect(n.slack.messagesIn('C0LAST').map((m) => m.text)).toEqual([
      'Review environment review-feat-x torn down: pull request #7 merged',
    ]);
    expect(n.slack.messages).toHaveLength(1);
  });

  it("in the environment's channel when no deploy there came from chat", async () => {
    n = await startNotifier({ config });
    await add(job({ channel: undefined, reason: 'expired', ttl_hours: 72, pr: undefined }), 'teardown-1042');
    const [message] = await waitFor(() => {
      const m = n!.slack.messagesIn('C0REVIEWS');
      return m.length > 0 ? m : null;
    }, 'the announcement');
    expect(message!.text).toBe('Review environment review-feat-x torn down: no deployment for 72h (ttl_hours)');
  });
});
