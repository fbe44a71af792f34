import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { REDIS_URL } from '@chatops/testkit';

// Issue 8: `npm run bench` is a script that prints figures, never a timed test. This runs every part
// of it at its smallest (1 s per load run, a handful of deployments) to check that it still works
// from end to end: every server starts and answers, every deployment completes, every figure is
// printed. The figures themselves are not checked (docs/BENCHMARKS.md has them).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Summary = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerReq: number;
  non2xx: number;
  errors: number;
};
type E2eRun = {
  label: string;
  count: number;
  acked: number;
  completed: number;
  throughput: number;
  leg1: { n: number };
  leg2: { n: number };
};
type BenchJson = {
  results: {
    intake: Summary[];
    slash: Summary[];
    e2e: E2eRun[];
    memory: Record<string, Record<string, { idle?: number; after: number } | number>>;
    budget: {
      count: number;
      completed: number;
      writesPerDeployment: number;
      expectedCeiling: number;
      deploymentsPerMinute: number;
      maxWritesInFlight: number;
    };
  };
};

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    REDIS_URL,
    BENCH_SECONDS: '1',
    BENCH_ROUNDS: '1',
    BENCH_WARMUP_SECONDS: '0',
    BENCH_CONNECTIONS: '8',
    BENCH_DEPLOYMENTS: '6',
    BENCH_SHIPPED_DEPLOYMENTS: '2',
    BENCH_LIGHT_DEPLOYMENTS: '3',
    BENCH_BACKLOG: '50',
    BENCH_APPS: '5',
    BENCH_BUDGET_DEPLOYMENTS: '4',
    BENCH_MAX_MINUTES: '4',
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench, at its smallest', () => {
  it('runs every part (the write budget too) and prints every figure', async () => {
    const { code, stdout, stderr } = await runBench();
    expect({ code, stderr: code === 0 ? '' : stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const line = stdout.split('\n').find((l) => l.startsWith('JSON '));
    const { results } = JSON.parse(line!.slice('JSON '.length)) as BenchJson;

    expect(results.intake.map((s) => s.name)).toEqual([
      'heaven (verify+dedupe+enqueue)',
      '@octokit/webhooks + dedupe + BullMQ add',
      'bare Fastify 202 (ceiling)',
      '@octokit/webhooks alone (ceiling)',
    ]);
    expect(results.slash.map((s) => s.name)).toEqual([
      'bot (verify+parse+authorize+enqueue)',
      'Bolt + BullMQ add before ack',
      'bare Fastify form route (ceiling)',
      'Bolt alone (ceiling)',
    ]);
    for (const s of [...results.intake, ...results.slash]) {
      expect({ name: s.name, answered: s.rps > 0, non2xx: s.non2xx, errors: s.errors }).toEqual({
        name: s.name,
        answered: true,
        non2xx: 0,
        errors: 0,
      });
    }

    expect(results.e2e.map((r) => r.label)).toEqual([
      'shipped',
      'light load',
      'baseline',
      'baseline burst',
      'backlog',
      'backlog burst',
      'backlog 2 replicas',
      'backlog 2 replicas burst',
    ]);
    for (const r of results.e2e) {
      expect({ label: r.label, acked: r.acked, completed: r.completed, leg1: r.leg1.n, leg2: r.leg2.n }).toEqual({
        label: r.label,
        acked: r.count,
        completed: r.count,
        leg1: r.count,
        leg2: r.count,
      });
    }

    for (const service of ['bot', 'heaven', 'notifier']) {
      const m = results.memory.e2e![service] as { idle: number; after: number };
      expect({ service, idle: m.idle > 30, after: m.after > 30 }).toEqual({ service, idle: true, after: true });
    }
    expect(stdout).toContain('Webhook intake (mean of 1 rounds');
    expect(stdout).toContain('[4] memory: RSS (MB)');

    // Part 6: GitHub's write budget shared by two replicas of each service (figures not checked).
    const { budget } = results;
    expect({
      completed: budget.completed,
      writesPerDeployment: budget.writesPerDeployment,
      expectedCeiling: budget.expectedCeiling,
      measured: budget.deploymentsPerMinute > 0,
      maxWritesInFlight: budget.maxWritesInFlight,
    }).toEqual({ completed: 4, writesPerDeployment: 3, expectedCeiling: 20, measured: true, maxWritesInFlight: 1 });
    expect(stdout).toContain("deployments per minute at GitHub's default budget");
  }, 240_000);
});
