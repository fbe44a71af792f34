import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { QUEUES } from '@chatops/shared/contracts';
import { slackSignatureHeaders, slashCommandBody, type FaultOptions } from '@chatops/testkit';
import { checkChaos, finalOf, refusalsCheck, showsState, type Check } from './chaos-checks.js';
import { PrivateRedis } from './private-redis.js';
import { startStack, type Stack } from './start-stack.js';
import type { ServiceName } from './service-process.js';

export type ChaosOptions = {
  deployments: number;
  apps: number;
  environments: string[];
  /** Share of calls to the fake APIs that fail (5xx, resets, slow answers, timeouts, 429). */
  faultRate: number;
  /** A random service is SIGKILLed and restarted this often (0: never). */
  killEveryMs: number;
  /** At most this many kills (default: no limit). */
  maxKills?: number;
  /**
   * Redis is disrupted once this share of the commands are sent (null: never): the private Redis is
   * SIGKILLed and restarted from its AOF; a Sentinel setup fails over (see `redis`).
   */
  redisRestartAt: number | null;
  /** The Redis of the run; default: a private redis-server with AOF, SIGKILLed and restarted once. */
  redis?: ChaosRedis;
  /** Commands in flight at once. */
  parallel: number;
  /** Gives up waiting for the deployments to end after this long. */
  deadlineMs: number;
  log?: (line: string) => void;
  /** Aborting ends the run early (the checks still run on what was recorded). */
  signal?: AbortSignal;
};

/** A Redis setup for a chaos run: its REDIS_URL, a plain URL of its primary for the checks, its disruption. */
export type ChaosRedis = {
  url: string;
  start(): Promise<unknown>;
  /** A plain redis:// URL of the primary that holds the keys under `prefix`. */
  directUrl(prefix: string): Promise<string>;
  /** Disrupts it once (a restart, a failover); says what it did. */
  disrupt(): Promise<string>;
  dispose(): Promise<void>;
};

/** The default: a private redis-server (AOF, fsync always) killed and restarted from its AOF. */
function privateRedis(): ChaosRedis {
  const redis = new PrivateRedis();
  return {
    get url() {
      return redis.url;
    },
    start: () => redis.start(),
    directUrl: async () => redis.url,
    disrupt: async () => {
      await redis.restart('SIGKILL', 1000);
      return 'Redis killed (SIGKILL) and restarted from its AOF';
    },
    dispose: () => redis.dispose(),
  };
}

export type ChaosReport = { ok: boolean; checks: Check[]; figures: Array<[string, string | number]> };

const sha = (i: number) => i.toString(16).padStart(2, '0').repeat(20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function chaosConfig(apps: number, environments: string[]): string {
  const lines = ['defaults: { environment: staging, channel: C0DEPLOYS, rate_limit_per_minute: 100000 }', 'apps:'];
  for (let a = 0; a < apps; a++) {
    lines.push(
      `  app${a}:`,
      `    repository: acme/app${a}`,
      '    provider: circleci',
      `    circleci: { project_slug: gh/acme/app${a} }`,
      '    channel: C0DEPLOYS',
      '    environments:',
    );
    for (const env of environments) lines.push(`      ${env}: {}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Sends one signed slash command; retried (same trigger id, as a lost answer is) until the bot says "On it". */
async function command(stack: Stack, run: number, text: string, stats: { retries: number }): Promise<void> {
  const trigger = `${run}.${randomUUID().slice(0, 8)}`;
  for (let attempt = 0; ; attempt++) {
    const body = slashCommandBody({
      text,
      trigger_id: trigger,
      response_url: stack.slack.responseUrl(`run-${run}`),
    } as Parameters<typeof slashCommandBody>[0]);
    try {
      const res = await fetch(`${stack.services.bot.url}/slack/commands`, {
        method: 'POST',
        headers: slackSignatureHeaders(stack.secrets.SLACK_SIGNING_SECRET!, body),
        body,
        signal: AbortSignal.timeout(5000),
      });
      const reply = (await res.json().catch(() => ({}))) as { text?: string };
      if (res.status === 200 && reply.text?.startsWith('On it')) return;
    } catch {
      /* the bot is down or restarting: Slack would show an error; the person tries again */
    }
    stats.retries += 1;
    if (attempt > 200) throw new Error(`[chaos] command ${run} was never accepted`);
    await sleep(300);
  }
}

/** GitHub's "redeliver failed deliveries": every delivery that never got a 2xx is sent again. */
async function redeliverFailed(stack: Stack, stats: { redeliveries: number }): Promise<void> {
  const byId = new Map<string, boolean>();
  for (const d of stack.github.deliveries)
    byId.set(d.id, (byId.get(d.id) ?? false) || (typeof d.status === 'number' && d.status < 300));
  for (const [id, ok] of byId) {
    if (ok) continue;
    stats.redeliveries += 1;
    await stack.github.redeliver(id).catch(() => undefined);
  }
}

async function failedJobs(
  redisUrl: string,
  prefix: string,
): Promise<Array<{ queue: string; id: string; reason: string }>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const out: Array<{ queue: string; id: string; reason: string }> = [];
    for (const queue of Object.values(QUEUES)) {
      for (const id of await redis.zrange(`${prefix}:${queue}:failed`, 0, -1)) {
        out.push({ queue, id, reason: (await redis.hget(`${prefix}:${queue}:${id}`, 'failedReason')) ?? '' });
      }
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** Jobs not finished, per queue and state, with their data and options (kept when a check fails). */
async function unfinishedJobs(redisUrl: string, prefix: string): Promise<unknown[]> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const out: unknown[] = [];
    for (const queue of Object.values(QUEUES)) {
      const k = (s: string) => `${prefix}:${queue}:${s}`;
      const states: Record<string, string[]> = {
        wait: await redis.lrange(k('wait'), 0, -1),
        active: await redis.lrange(k('active'), 0, -1),
        paused: await redis.lrange(k('paused'), 0, -1),
        delayed: await redis.zrange(k('delayed'), 0, -1),
        prioritized: await redis.zrange(k('prioritized'), 0, -1),
      };
      for (const [state, ids] of Object.entries(states)) {
        for (const id of ids)
          out.push({ queue, state, id, job: await redis.hgetall(k(id)), lock: await redis.get(k(`${id}:lock`)) });
      }
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/**
 * The chaos run: deployments through the whole flow while the fake APIs fail a share of calls, a
 * random service is SIGKILLed and restarted every few seconds, and Redis is killed and restarted
 * once; then the checks of `checkChaos` on what GitHub, CircleCI, Slack and Redis recorded.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const redis = o.redis ?? privateRedis();
  await redis.start();
  const repos = Array.from({ length: o.apps }, (_, a) => ({
    name: `acme/app${a}`,
    defaultBranch: 'main',
    branches: { main: sha(a + 1) },
  }));
  // Short polls, locks and backoffs: the run takes minutes, not hours (production keeps the defaults).
  // Job locks stay longer than a Redis restart: a lock that expires while Redis is away lets BullMQ
  // hand a still-running job to a second worker (likely why 3 s locks gave stray Slack messages).
  // No GitHub write pacing against the local fake (GITHUB_WRITE_INTERVAL_MS=0): with GitHub's one write
  // a second per process, a heaven job waits seconds in the pacing queue, and every heaven kill then
  // catches jobs mid-flight (the full run at 1 s pacing ended 49 deployments after 10 stalls each).
  // The fakes still answer 429 with Retry-After to a share of calls.
  const fast = {
    HEAVEN_POLL_INTERVAL_MS: '300',
    HEAVEN_POLL_MAX_MS: '1500',
    HEAVEN_JOB_LOCK_MS: '8000',
    HEAVEN_JOB_BACKOFF_MS: '300',
    GITHUB_WRITE_INTERVAL_MS: '0',
  };
  const stack = await startStack({
    config: chaosConfig(o.apps, o.environments),
    redisUrl: redis.url,
    repos,
    users: [{ id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' }],
    circlePlan: () => ({
      workflows: [
        {
          name: 'deploy',
          status: Math.random() < 0.1 ? 'failed' : 'success',
          durationMs: 200 + Math.floor(Math.random() * 600),
        },
      ],
    }),
    env: {
      heaven: fast,
      bot: { BOT_JOB_LOCK_MS: '8000', BOT_JOB_BACKOFF_MS: '300', GITHUB_WRITE_INTERVAL_MS: '0' },
      notifier: { NOTIFIER_JOB_LOCK_MS: '8000', NOTIFIER_KEY_LOCK_MS: '15000' },
    },
  });
  const stats = { retries: 0, redeliveries: 0, kills: 0, redisRestarts: 0 };
  const killed: Record<ServiceName, number> = { bot: 0, heaven: 0, notifier: 0 };
  const started = Date.now();
  let chaosOn = true;
  const faults: FaultOptions = { rate: o.faultRate, slowMs: 800, timeoutMs: 2000, retryAfterSec: 1 };
  for (const fake of [stack.github, stack.slack, stack.circleci]) fake.setFaults(faults);
  try {
    // A kill every killEveryMs × 0.5–1.5, whatever the restarts take: a killed service starts again
    // in the background (about a second and a half), and the next kill picks among the running ones.
    const restarting = new Map<ServiceName, Promise<unknown>>();
    const killer = (async () => {
      while (chaosOn && o.killEveryMs > 0 && stats.kills < (o.maxKills ?? Infinity)) {
        await sleep(o.killEveryMs * (0.5 + Math.random()));
        if (!chaosOn) break;
        const up = (['bot', 'heaven', 'notifier'] as const).filter((n) => !restarting.has(n));
        if (up.length === 0) continue;
        const name = up[Math.floor(Math.random() * up.length)]!;
        await stack.services[name].kill();
        stats.kills += 1;
        killed[name] += 1;
        const again = stack.services[name]
          .start()
          .catch((e) => log(`restart of ${name} failed: ${(e as Error).message}`))
          .finally(() => restarting.delete(name));
        restarting.set(name, again);
      }
      await Promise.all(restarting.values());
    })();
    const redeliverer = (async () => {
      while (chaosOn) {
        await sleep(1000);
        await redeliverFailed(stack, stats);
      }
    })();

    let next = 0;
    const pairs = o.apps * o.environments.length;
    const sender = async () => {
      for (let run = next++; run < o.deployments && !o.signal?.aborted; run = next++) {
        if (
          o.redisRestartAt !== null &&
          stats.redisRestarts === 0 &&
          run >= Math.floor(o.deployments * o.redisRestartAt)
        ) {
          stats.redisRestarts += 1;
          log(`disrupting Redis at command ${run}`);
          log(await redis.disrupt());
        }
        const pair = run % pairs;
        const app = pair % o.apps;
        const env = o.environments[Math.floor(pair / o.apps)]!;
        await command(stack, run, `app${app}/main to ${env} run=${run}`, stats);
        if (run % 20 === 19) log(`${run + 1}/${o.deployments} commands accepted`);
      }
    };
    await Promise.all(Array.from({ length: o.parallel }, sender));
    log(
      `all ${o.deployments} commands accepted after ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        'waiting for the deployments to end',
    );

    const deadline = Date.now() + o.deadlineMs;
    const finished = () =>
      stack.github.deployments.length >= o.deployments &&
      stack.github.deployments.every((d) => finalOf(stack.github.statusesOf(d.id)));
    let lastReport = 0;
    while (!finished() && Date.now() < deadline && !o.signal?.aborted) {
      await sleep(500);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        const done = stack.github.deployments.filter((d) => finalOf(stack.github.statusesOf(d.id))).length;
        log(`${done}/${stack.github.deployments.length} deployments ended`);
      }
    }
    log(`${finished() ? 'every deployment ended' : 'deadline reached'}; chaos off, waiting for Slack to show the ends`);
    chaosOn = false;
    for (const fake of [stack.github, stack.slack, stack.circleci]) fake.setFaults(null);
    await Promise.all([killer, redeliverer]);
    for (const s of Object.values(stack.services)) if (!s.running) await s.start();
    // Quiet time: the last statuses reach Slack with no more faults.
    // A notifier killed holding a deployment's lock delays that deployment's next status by NOTIFIER_KEY_LOCK_MS.
    const quietUntil = Date.now() + 30_000;
    const shown = () =>
      stack.github.deployments.every((d) => {
        const final = finalOf(stack.github.statusesOf(d.id));
        const m = stack.slack.messages.find(
          (x) => x.ts === d.payload?.chatops?.slack?.ts && x.channel === d.payload?.chatops?.slack?.channel,
        );
        return !!final && !!m && showsState(m, final.state);
      });
    while (Date.now() < quietUntil && !(finished() && shown()) && !o.signal?.aborted) {
      await redeliverFailed(stack, stats);
      await sleep(500);
    }
    log(`${shown() ? 'every message shows its end' : 'gave up waiting for the messages'}; checking`);
    await sleep(1000);

    const checks = checkChaos({
      commands: o.deployments,
      deployments: stack.github.deployments,
      statusesOf: (id) => stack.github.statusesOf(id),
      pipelines: stack.circleci.pipelines,
      topMessages: stack.slack.messages.filter((m) => !m.thread_ts && m.channel === 'C0DEPLOYS' && !!m.ts),
      failedJobs: await failedJobs(await redis.directUrl(stack.prefix), stack.prefix),
    });
    const logs = Object.values(stack.services).flatMap((s) => s.logs);
    const leaked = Object.entries(stack.secrets)
      .filter(([, value]) => logs.some((l) => l.includes(value)))
      .map(([name]) => name);
    checks.push({
      name: 'no secret in any log line',
      ok: leaked.length === 0,
      detail:
        `${logs.length} log lines searched for ${Object.keys(stack.secrets).length} secrets; ` +
        `found ${leaked.join(', ') || 'none'}`,
    });
    checks.push(
      refusalsCheck({ GitHub: stack.github.refusals, Slack: stack.slack.refusals, CircleCI: stack.circleci.refusals }),
    );
    const states = new Map<string, number>();
    for (const d of stack.github.deployments) {
      const s = finalOf(stack.github.statusesOf(d.id))?.state ?? 'not final';
      states.set(s, (states.get(s) ?? 0) + 1);
    }
    const faultsInjected = [stack.github, stack.slack, stack.circleci].map((f) =>
      Object.values(f.faultCounts).reduce((a, b) => a + b, 0),
    );
    const figures: Array<[string, string | number]> = [
      ['deployments asked', o.deployments],
      ['app/environment pairs', pairs],
      ['deployments created', stack.github.deployments.length],
      ['final states', [...states].map(([k, v]) => `${k} ${v}`).join(', ')],
      ['CI pipelines', stack.circleci.pipelines.length],
      ['faults injected (github/slack/circleci)', faultsInjected.join(' / ')],
      [
        'fault kinds',
        JSON.stringify(sumCounts([stack.github.faultCounts, stack.slack.faultCounts, stack.circleci.faultCounts])),
      ],
      ['service kills (bot/heaven/notifier)', `${stats.kills} (${killed.bot}/${killed.heaven}/${killed.notifier})`],
      ['Redis restarts', stats.redisRestarts],
      ['slash commands re-sent after no answer', stats.retries],
      ['webhook redeliveries', stats.redeliveries],
      ['duration', `${((Date.now() - started) / 1000).toFixed(1)} s`],
    ];
    const ok = checks.every((c) => c.ok);
    if (!ok) {
      const dir = mkdtempSync(join(tmpdir(), 'chatops-chaos-logs-'));
      for (const s of Object.values(stack.services)) writeFileSync(join(dir, `${s.name}.log`), s.logs.join('\n'));
      writeFileSync(
        join(dir, 'deliveries.json'),
        JSON.stringify(
          stack.github.deliveries.map((d) => ({ id: d.id, event: d.event, status: d.status })),
          null,
          1,
        ),
      );
      writeFileSync(
        join(dir, 'unfinished-jobs.json'),
        JSON.stringify(await unfinishedJobs(await redis.directUrl(stack.prefix), stack.prefix), null, 1),
      );
      figures.push(['service logs', dir]);
    }
    return { ok, checks, figures };
  } finally {
    chaosOn = false;
    await stack.stop();
    await redis.dispose();
  }
}

function sumCounts(list: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of list) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The report as a terminal shows it. */
export function formatChaosReport(report: ChaosReport): string {
  const width = Math.max(...report.figures.map(([k]) => k.length));
  return [
    ...report.figures.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    ...report.checks.map((c) => `  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name} — ${c.detail}`),
    '',
    report.ok ? 'chaos run: every check passed' : 'chaos run: some checks FAILED',
  ].join('\n');
}
