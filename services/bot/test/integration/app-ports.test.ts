import { afterEach, describe, expect, it } from '@jest/globals';
import { createHarness, jobCount, type Harness } from '../helpers/harness.js';
import { createMemoryRateCounter } from '../fakes/memory-rate-counter.js';
import { createRecordingProducer } from '../fakes/recording-producer.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('createBot with fakes of its ports', () => {
  it('answers the person (200, ephemeral) when Redis is down, and enqueues nothing', async () => {
    const { jobs, producer } = createRecordingProducer();
    const { rateCounter } = createMemoryRateCounter({ down: true });
    h = await createHarness({ overrides: { producer, rateCounter } });
    const res = await h.command('api to staging');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: 'Sorry, I cannot take commands right now (my queue is unavailable). Please try again in a moment.',
    });
    expect(jobs).toEqual([]);
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('enqueues with the producer it is given, not the real one', async () => {
    const { jobs, producer } = createRecordingProducer();
    h = await createHarness({ overrides: { producer } });
    const res = await h.command('api to staging');
    expect(res.body!.text).toBe('On it: deploy api to staging.');
    expect(jobs.map((j) => [j.queue, j.name, j.jobId])).toEqual([
      ['command', 'deploy', `slack-${res.trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`],
    ]);
    expect(await jobCount(h.queues.commands)).toBe(0);
  });
});
