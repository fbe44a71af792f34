import { describe, expect, it } from '@jest/globals';
import { repliesTo, settled, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

describe('cancel and health go to the other services’ queues', () => {
  it('cancel → deployment-control job "cancel" with a deterministic id', async () => {
    const { trigger, responseId } = await h.command('cancel api staging');
    await settled(h, trigger);
    const job = await h.queues.control.getJob(`cancel-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(job?.name).toBe('cancel');
    expect(job?.data).toMatchObject({
      action: 'cancel',
      repository: 'acme/api',
      environment: 'staging',
      requested_by: { slack_user_id: 'U0ALICE', name: 'alice' },
    });
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'Asked to cancel the waiting or running deployment of api to staging.',
    );
  });

  it('health → health-checks job "probe" with where to reply', async () => {
    const { trigger, responseId } = await h.command('health api');
    await settled(h, trigger);
    const [job] = await h.queues.health.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(job?.name).toBe('probe');
    expect(job?.data).toEqual({
      app: 'api',
      environment: 'health',
      reply: { response_url: h.slack.responseUrl(responseId), channel: 'C0DEPLOYS', user_id: 'U0ALICE' },
    });
  });
});
