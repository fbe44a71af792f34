import type { ProducerPort } from '../../src/ports.js';

type Produced = {
  queue: 'command' | 'control' | 'health' | 'lock-timer' | 'protection-rule' | 'slack-event' | 'home-tab';
  name: string;
  data: unknown;
  jobId: string;
  delayMs?: number;
};

/** A producer that keeps every job it is given, in order, and enqueues nothing. */
export function createRecordingProducer() {
  const jobs: Produced[] = [];
  return {
    jobs,
    producer: {
      async command(name, data, jobId, delayMs) {
        jobs.push({ queue: 'command', name, data, jobId, ...(delayMs ? { delayMs } : {}) });
      },
      async control(data, jobId) {
        jobs.push({ queue: 'control', name: 'cancel', data, jobId });
      },
      async health(data, jobId) {
        jobs.push({ queue: 'health', name: 'probe', data, jobId });
      },
      async lockTimer(data, jobId, delayMs) {
        jobs.push({ queue: 'lock-timer', name: data.kind, data, jobId, delayMs });
      },
      async protectionRule(name, data, jobId, delayMs) {
        jobs.push({ queue: 'protection-rule', name, data, jobId, delayMs });
      },
      async slackEvent(data, jobId) {
        jobs.push({ queue: 'slack-event', name: data.event.type, data, jobId });
      },
      async homeTab(data, jobId, delayMs) {
        jobs.push({ queue: 'home-tab', name: data.kind, data, jobId, ...(delayMs ? { delayMs } : {}) });
      },
    } satisfies ProducerPort,
  };
}
