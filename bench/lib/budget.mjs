// [6] GitHub's write budget: deployments per minute at GitHub's default budget, two replicas of
// each service sharing it through Redis, and the GitHub writes each deployment costs.
//
// GitHub's figures (GITHUB_WRITE_INTERVAL_MS=1000, 80 writes a minute, 500 an hour) would take
// minutes to show a ceiling, so the run is on a shortened scale: the interval divided by
// BENCH_BUDGET_SCALE (10: 100 ms), the ceilings and the longest wait in place scaled the same
// (800 a minute, 5,000 an hour, 1 s), and the figures scaled back to GitHub's minute.
import { Proc } from './proc.mjs';
import { startE2eStack, runDeployments } from './e2e.mjs';
import { fmt } from './stats.mjs';

const GITHUB = { intervalMs: 1000, perMinute: 80, perHour: 500, maxWaitMs: 10_000 };

/**
 * Writes a minute the budget allows: the interval's and the minute ceiling's, whichever is less
 * (at GitHub's figures the interval's 60 binds, before the 80 a minute).
 */
function writesPerMinuteAllowed({ intervalMs, perMinute }) {
  return Math.min(60_000 / intervalMs, perMinute > 0 ? perMinute : Number.POSITIVE_INFINITY);
}

/** The sums of a Prometheus histogram or counter (all label sets) in a /metrics text. */
function metricSum(text, name) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** `stackOptions`: startE2eStack's options (root, configPath, redisUrl, prefix, logDir, logLevel, apps, nodeArgs). */
export async function budgetPhase({ extraEnv, scale, count, out, ...stackOptions }) {
  const { apps } = stackOptions;
  const scaled = {
    GITHUB_WRITE_INTERVAL_MS: String(Math.round(GITHUB.intervalMs / scale)),
    GITHUB_WRITES_PER_MINUTE: String(GITHUB.perMinute * scale),
    GITHUB_WRITES_PER_HOUR: String(GITHUB.perHour * scale),
    GITHUB_WRITE_MAX_WAIT_MS: String(Math.round(GITHUB.maxWaitMs / scale)),
  };
  const env = {
    ...extraEnv,
    bot: { ...scaled, ...extraEnv.bot },
    heaven: { ...scaled, ...extraEnv.heaven },
  };
  const stack = await startE2eStack({ ...stackOptions, extraEnv: env });
  try {
    await Promise.all(['bot', 'heaven', 'notifier'].map((n) => stack.addReplica(n)));
    out(
      `\n[6] GitHub's write budget, shared by two replicas of each service: ${count} deployments at once over ` +
        `${apps.length} apps; GitHub's figures (1 write a second, 80 a minute, 500 an hour) on a 1/${scale} ` +
        `scale (GITHUB_WRITE_INTERVAL_MS=${scaled.GITHUB_WRITE_INTERVAL_MS}, ` +
        `GITHUB_WRITES_PER_MINUTE=${scaled.GITHUB_WRITES_PER_MINUTE}, ` +
        `GITHUB_WRITE_MAX_WAIT_MS=${scaled.GITHUB_WRITE_MAX_WAIT_MS}), figures scaled back`,
    );
    await runDeployments(stack, { label: 'budget warmup', count: 4, rate: 0, concurrency: 2, apps, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 500));
    stack.resetFakes();
    stack.github.maxWritesInFlight = 0;
    const metricsBefore = await scrape(stack);
    const started = Date.now();
    const r = await runDeployments(stack, {
      label: 'budget',
      count,
      rate: 0,
      concurrency: 8,
      apps,
      timeoutMs: Math.max(120_000, ((count * 4 * GITHUB.intervalMs) / scale) * 3),
    });
    const writes = stack.github.requests.filter((q) => q.at >= started && q.method !== 'GET');
    const created = stack.github.deployments.filter((d) => Date.parse(d.created_at) >= started - 1000).length;
    const perDeployment = writes.length / Math.max(created, 1);
    const byKind = {};
    for (const w of writes) {
      const kind = `${w.method} ${w.path.replace(/\/repos\/[^/]+\/[^/]+/, '').replace(/\/\d+/g, '/:id')}`;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    const metricsAfter = await scrape(stack);
    const waitCount = metricsAfter.waitCount - metricsBefore.waitCount;
    const waitSum = metricsAfter.waitSum - metricsBefore.waitSum;
    // Deployments a minute on GitHub's scale: completions over the run's wall time, ÷ the scale.
    const perMinute = r.completed > 0 ? ((r.completed / r.wallSeconds) * 60) / scale : Number.NaN;
    const allowed = writesPerMinuteAllowed(GITHUB);
    const ceiling = allowed / perDeployment;
    out(
      `  completed ${r.completed}/${count} in ${fmt(r.wallSeconds, 1)} s ` +
        `(${fmt((r.wallSeconds * scale) / 60, 1)} min on GitHub's scale)`,
    );
    out(
      `  GitHub writes per deployment: ${fmt(perDeployment, 2)} (${Object.entries(byKind)
        .map(([k, v]) => `${k} ${fmt(v / Math.max(created, 1), 2)}`)
        .join(', ')})`,
    );
    out(
      `  deployments per minute at GitHub's default budget: ${fmt(perMinute, 1)}; expected ceiling ` +
        `${fmt(allowed, 0)} writes a minute ÷ ${fmt(perDeployment, 2)} = ${fmt(ceiling, 1)} ` +
        `(${fmt((perMinute / ceiling) * 100, 0)}% of it); over an hour GitHub's 500 writes allow ` +
        `${fmt(GITHUB.perHour / perDeployment, 0)} deployments`,
    );
    const meanWait = waitCount ? (waitSum / waitCount) * scale : Number.NaN;
    out(
      `  budget wait per write (GitHub's scale): mean ${fmt(meanWait, 2)} s ` +
        `over ${waitCount} writes; most GitHub writes in flight at once: ${stack.github.maxWritesInFlight}`,
    );
    if (r.stuck.length) out(`  not completed (first 3): ${r.stuck.map((s) => JSON.stringify(s)).join(' | ')}`);
    return {
      label: 'budget',
      scale,
      count,
      completed: r.completed,
      wallSeconds: r.wallSeconds,
      writesPerDeployment: perDeployment,
      writesByKind: byKind,
      deploymentsPerMinute: perMinute,
      expectedCeiling: ceiling,
      meanWaitSeconds: waitCount ? meanWait : null,
      maxWritesInFlight: stack.github.maxWritesInFlight,
    };
  } finally {
    await stack.stop();
  }
}

/** The budget's wait (sum, count) over every bot and heaven replica's /metrics. */
async function scrape(stack) {
  let waitSum = 0;
  let waitCount = 0;
  for (const p of [...stack.replicas.bot, ...stack.replicas.heaven]) {
    if (!(p instanceof Proc) || !p.url) continue;
    const text = await fetch(`${p.url}/metrics`).then(
      (res) => res.text(),
      () => '',
    );
    waitSum += metricSum(text, 'chatops_github_write_wait_seconds_sum');
    waitCount += metricSum(text, 'chatops_github_write_wait_seconds_count');
  }
  return { waitSum, waitCount };
}
