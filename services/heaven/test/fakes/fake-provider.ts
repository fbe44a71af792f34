import type { CiProvider, CiRef, CiRun, Observation, TriggerContext, TriggerPlan } from '../../src/ports.js';

/** A CI provider whose answers a test sets, recording every call. */
export function createFakeProvider(label = 'FakeCI') {
  const calls: Array<{ method: string; ref?: CiRef | null; run?: CiRun }> = [];
  let nextRun = 1;
  const fake = {
    plan: { ref: { branch: 'main' } } as TriggerPlan,
    observation: { phase: 'running', description: `${label} running` } as Observation & { run?: CiRun },
    triggerError: null as Error | null,
    observeError: null as Error | null,
  };
  const provider = {
    label,
    async prepare(_ctx: TriggerContext) {
      calls.push({ method: 'prepare' });
      return fake.plan;
    },
    async trigger(_ctx: TriggerContext, ref: CiRef | null) {
      calls.push({ method: 'trigger', ref });
      if (fake.triggerError) throw fake.triggerError;
      const n = nextRun++;
      return { provider: 'circleci', id: `run-${n}`, number: n, logUrl: `https://ci.example/${n}` } satisfies CiRun;
    },
    async observe(run: CiRun) {
      calls.push({ method: 'observe', run });
      if (fake.observeError) throw fake.observeError;
      return fake.observation;
    },
    async cancel(run: CiRun) {
      calls.push({ method: 'cancel', run });
    },
  } satisfies CiProvider;
  return { provider, calls, fake, called: (method: string) => calls.filter((c) => c.method === method) };
}
