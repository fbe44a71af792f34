#!/usr/bin/env node
// `pnpm bench`: chatops against what people would use instead, in one run on one machine.
//   1. webhook intake: heaven vs what a user would build instead (@octokit/webhooks' middleware that
//      dedupes the delivery and adds the BullMQ job before it answers), and as ceilings, servers that
//      store nothing (bare Fastify, @octokit/webhooks alone)
//   2. slash-command intake: bot vs a Bolt app that adds the BullMQ job before it acks, and as
//      ceilings bare Fastify and Bolt alone
//   3. end to end: deployments through bot → GitHub → heaven → CircleCI → heaven → notifier → Slack
//   4. memory: each service's RSS idle and after the load
//   5. growth: (3) with 10,000 jobs already waiting, and with two replicas of each service
//   6. budget: deployments per minute at GitHub's default write budget, two replicas of each service
// Every server is its own process; the load comes from this process. See docs/BENCHMARKS.md.
//
// Tunables (environment): BENCH_SECONDS (10) per measured load run, BENCH_INTAKE_RATE (0: closed
// loop; N: parts 1 and 2 offer N requests/s in all, for CPU per request at the same load),
// BENCH_WARMUP_SECONDS (2), BENCH_ROUNDS (2: A B A B), BENCH_CONNECTIONS (32), BENCH_DEPLOYMENTS
// (500), BENCH_E2E_RATE (100 commands/s for the paced runs), BENCH_SHIPPED_DEPLOYMENTS (15: the run
// with the services' GitHub write pacing on), BENCH_LIGHT_DEPLOYMENTS (50) at BENCH_LIGHT_RATE
// (5/s), BENCH_BACKLOG (10000), BENCH_APPS (100), BENCH_LOG_LEVEL (info, as in production),
// BENCH_ONLY (comma list of intake,slash,e2e,growth,budget), BENCH_BUDGET_SCALE (10: part 6 runs
// GitHub's budget ten times as fast), BENCH_BUDGET_DEPLOYMENTS (60), BENCH_CPU_PROF=1 (services
// write .cpuprofile files into the run directory), BENCH_KEEP_LOGS=1, BENCH_MAX_MINUTES (20),
// BENCH_ENV_BOT / BENCH_ENV_HEAVEN / BENCH_ENV_NOTIFIER ("NAME=value,…": a service's own tunables).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FakeCircleCI, FakeGitHub, FakeSlack, deleteKeysWithPrefix, stackSecrets } from '@chatops/testkit';
import { budgetPhase } from './lib/budget.mjs';
import { startE2eStack, runDeployments } from './lib/e2e.mjs';
import { load } from './lib/load.mjs';
import { slashRequests, webhookRequests, webhookTemplate } from './lib/payloads.mjs';
import { Proc, liveProcesses, startedProcesses } from './lib/proc.mjs';
import { importFromServices } from './lib/resolve.mjs';
import { fmt, mean, table } from './lib/stats.mjs';
import { SERVICE_NODE_OPTIONS } from './lib/node-options.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const num = (name, fallback) =>
  process.env[name] !== undefined && process.env[name] !== '' ? Number(process.env[name]) : fallback;
const opts = {
  seconds: num('BENCH_SECONDS', 10),
  intakeRate: num('BENCH_INTAKE_RATE', 0),
  warmup: num('BENCH_WARMUP_SECONDS', 2),
  rounds: num('BENCH_ROUNDS', 2),
  connections: num('BENCH_CONNECTIONS', 32),
  deployments: num('BENCH_DEPLOYMENTS', 500),
  shipped: num('BENCH_SHIPPED_DEPLOYMENTS', 15),
  lightCount: num('BENCH_LIGHT_DEPLOYMENTS', 50),
  lightRate: num('BENCH_LIGHT_RATE', 5),
  rate: num('BENCH_E2E_RATE', 100),
  backlog: num('BENCH_BACKLOG', 10_000),
  apps: num('BENCH_APPS', 100),
  logLevel: process.env.BENCH_LOG_LEVEL || 'info',
  only: new Set((process.env.BENCH_ONLY || 'intake,slash,e2e,growth,budget').split(',').map((s) => s.trim())),
  budgetScale: num('BENCH_BUDGET_SCALE', 10),
  budgetDeployments: num('BENCH_BUDGET_DEPLOYMENTS', 60),
  cpuProf: process.env.BENCH_CPU_PROF === '1',
  keepLogs: process.env.BENCH_KEEP_LOGS === '1',
  maxMinutes: num('BENCH_MAX_MINUTES', 20),
};
/** BENCH_ENV_BOT="BOT_WORKER_CONCURRENCY=16,…": extra environment for a service (its own tunables). */
const serviceEnv = Object.fromEntries(
  ['bot', 'heaven', 'notifier'].map((name) => [
    name,
    Object.fromEntries(
      (process.env[`BENCH_ENV_${name.toUpperCase()}`] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
  ]),
);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = randomUUID().slice(0, 8);
const runDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
const nodeArgs = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${runDir}`] : [];
const prefixes = [];
const fakes = [];
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
const out = (s = '') => process.stdout.write(`${s}\n`);
const results = { intake: [], slash: [], memory: {}, e2e: [], budget: null };

// ---------------------------------------------------------------------------------------------
// Cleanup on every way out: processes started, fakes, Redis keys under our prefixes, temp files.
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    await Promise.all(liveProcesses().map((p) => p.stop(5_000).catch(() => p.killNow())));
    await Promise.all(fakes.map((f) => f.stop().catch(() => undefined)));
    for (const prefix of prefixes)
      await deleteKeysWithPrefix(redis, prefix).catch((e) =>
        out(`[bench] could not delete keys under ${prefix}: ${e.message}`),
      );
    redis.disconnect();
    if (!opts.keepLogs && !opts.cpuProf) rmSync(runDir, { recursive: true, force: true });
    else out(`[bench] logs${opts.cpuProf ? ' and CPU profiles' : ''} kept in ${runDir}`);
  })();
  return cleaning;
}
process.on('exit', () => {
  for (const p of liveProcesses()) p.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    out(`\n[bench] ${signal}: stopping everything it started`);
    void cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  out(`[bench] still running after ${opts.maxMinutes} minutes: giving up`);
  void cleanup().finally(() => process.exit(1));
}, opts.maxMinutes * 60_000);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
const APPS = Array.from({ length: opts.apps }, (_, i) => `app-${i}`);

function writeConfig() {
  const lines = [
    'defaults:',
    '  environment: staging',
    '  channel: C0DEPLOYS',
    '  rate_limit_per_minute: 1000000000',
    'apps:',
  ];
  for (const app of APPS) {
    lines.push(
      `  ${app}:`,
      `    repository: acme/${app}`,
      '    provider: circleci',
      `    circleci: { project_slug: gh/acme/${app} }`,
      '    channel: C0DEPLOYS',
      '    environments:',
      '      staging: {}',
    );
  }
  const path = join(runDir, 'chatops.config.yml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function newPrefix(name) {
  const prefix = `{chatops-bench-${runId}-${name}}`;
  prefixes.push(prefix);
  return prefix;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Redis's CPU so far (user + system, ms), from INFO cpu. */
async function redisCpuMs() {
  const info = await redis.info('cpu');
  const field = (name) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

async function preflight(url, init, expect) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!expect(res.status, text))
    throw new Error(`[bench] preflight to ${url} answered ${res.status} ${text.slice(0, 300)}`);
  return `${res.status} ${text.slice(0, 80)}`;
}

/** Runs each target's load A B A B: warm-up once each, then `rounds` rounds in the same order. */
async function abab(kind, targets) {
  for (const t of targets) {
    if (opts.warmup > 0)
      await load(t.url, t.requests(), { connections: opts.connections, seconds: opts.warmup, rate: opts.intakeRate });
  }
  const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const t of targets) {
      const cpuBefore = t.proc.cpuMs();
      const redisBefore = await redisCpuMs();
      const benchBefore = process.cpuUsage();
      const r = await load(t.url, t.requests(), {
        connections: opts.connections,
        seconds: opts.seconds,
        rate: opts.intakeRate,
      });
      r.cpuUsPerReq = ((t.proc.cpuMs() - cpuBefore) * 1000) / r.total;
      r.serverCores = (t.proc.cpuMs() - cpuBefore) / 1000 / opts.seconds;
      // Redis's own CPU (INFO cpu) per request: its work for this server's requests (none for the competitors).
      r.redisUsPerReq = (((await redisCpuMs()) - redisBefore) * 1000) / r.total;
      const bench = process.cpuUsage(benchBefore);
      r.loadCores = (bench.user + bench.system) / 1e6 / opts.seconds;
      runs[t.name].push(r);
      out(
        `  round ${round}  ${t.name.padEnd(36)} ${fmt(r.rps, 0).padStart(6)} req/s  ` +
          `p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  max ${fmt(r.max, 0)} ms  ` +
          `server CPU ${fmt(r.cpuUsPerReq, 0)} µs/req (${fmt(r.serverCores, 2)} cores)  ` +
          `Redis CPU ${fmt(r.redisUsPerReq, 0)} µs/req  load generator ${fmt(r.loadCores, 2)} cores  ` +
          `non-2xx ${r.non2xx}  errors ${r.errors}  ${JSON.stringify(r.codes)}`,
      );
    }
  }
  const summary = targets.map((t) => {
    const rs = runs[t.name];
    return {
      name: t.name,
      rps: mean(rs.map((r) => r.rps)),
      p50: mean(rs.map((r) => r.p50)),
      p99: Math.max(...rs.map((r) => r.p99)),
      cpuUsPerReq: mean(rs.map((r) => r.cpuUsPerReq)),
      redisUsPerReq: mean(rs.map((r) => r.redisUsPerReq)),
      non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
      errors: rs.reduce((a, r) => a + r.errors, 0),
      total: rs.reduce((a, r) => a + r.total, 0),
    };
  });
  results[kind] = summary;
  return summary;
}

function printIntake(title, summary, ours) {
  out(`\n${title} (mean of ${opts.rounds} rounds; p99: the worse round)`);
  const o = summary.find((s) => s.name === ours);
  out(
    table([
      [
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'ours ÷ it (req/s)',
        'server CPU µs/req',
        'Redis CPU µs/req',
        'requests',
        'non-2xx',
      ],
      ...summary.map((s) => [
        s.name,
        fmt(s.rps, 0),
        fmt(s.p50, 1),
        fmt(s.p99, 1),
        s.name === ours ? '' : `${fmt(o.rps / s.rps, 2)}×`,
        fmt(s.cpuUsPerReq, 0),
        fmt(s.redisUsPerReq, 0),
        s.total,
        s.non2xx,
      ]),
    ]),
  );
}

/** The main comparison of parts 1 and 2: what a user would build instead, doing the same work. */
const ALTERNATIVES = {
  webhook: '@octokit/webhooks + dedupe + BullMQ add',
  slash: 'Bolt + BullMQ add before ack',
};
/** Issue 18's targets: throughput over the alternative, p99 at 32 connections, each light-load leg's p50. */
const TARGETS = { heaven: { ratio: 1.5, p99Ms: 10 }, bot: { ratio: 2, p99Ms: 10 }, legP50Ms: 10 };

function printTargets(summary, ours, alternative, target) {
  const o = summary.find((x) => x.name === ours);
  const a = summary.find((x) => x.name === alternative);
  const ratio = o.rps / a.rps;
  const met = (ok) => (ok ? 'met' : 'NOT met');
  out(
    `  target: ≥ ${target.ratio}× the alternative: ${fmt(ratio, 2)}× (${met(ratio >= target.ratio)}); ` +
      `p99 ≤ ${target.p99Ms} ms at ${opts.connections} connections: ` +
      `${fmt(o.p99, 1)} ms (${met(o.p99 <= target.p99Ms)})`,
  );
  results.targets ??= {};
  results.targets[ours] = { ratio, p99: o.p99, ratioMet: ratio >= target.ratio, p99Met: o.p99 <= target.p99Ms };
}

// ---------------------------------------------------------------------------------------------
async function intakePhase(configPath) {
  const { Queue } = await importFromServices('bullmq');
  const prefix = newPrefix('intake');
  // The alternatives' queues and dedupe keys (nothing consumes them).
  const altPrefix = newPrefix('alternatives');
  const s = stackSecrets();
  // Fakes the services are pointed at. Nothing should call them during intake: the queues the
  // intake feeds are paused, so the workers (which run in the same processes, as in production)
  // take no job and every request does only its intake work.
  const github = new FakeGitHub({ token: s.GITHUB_TOKEN });
  const slack = new FakeSlack({ token: s.SLACK_BOT_TOKEN });
  const circleci = new FakeCircleCI({ token: s.CIRCLECI_TOKEN });
  fakes.push(github, slack, circleci);
  await Promise.all([github.start(), slack.start(), circleci.start()]);
  const queues = ['deployments', 'chat-commands'].map(
    (name) => new Queue(name, { connection: { url: REDIS_URL }, prefix }),
  );
  await Promise.all(queues.map((q) => q.pause()));

  // The heap cap of the Docker image (Dockerfile), as in bench/lib/e2e.mjs.
  const common = {
    REDIS_URL,
    CHATOPS_CONFIG: configPath,
    CHATOPS_QUEUE_PREFIX: prefix,
    LOG_LEVEL: opts.logLevel,
    NODE_OPTIONS: SERVICE_NODE_OPTIONS,
    CHATOPS_PAYLOAD_SECRET: s.CHATOPS_PAYLOAD_SECRET,
  };
  const procs = {
    heaven: new Proc('intake-heaven', `${ROOT}/services/heaven/dist/main.js`, {
      logDir: runDir,
      nodeArgs,
      env: {
        ...common,
        GITHUB_TOKEN: s.GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        GITHUB_WEBHOOK_SECRET: s.GITHUB_WEBHOOK_SECRET,
        CIRCLECI_TOKEN: s.CIRCLECI_TOKEN,
        CIRCLECI_API_URL: circleci.apiUrl,
        CIRCLECI_WEBHOOK_SECRET: s.CIRCLECI_WEBHOOK_SECRET,
        PUBLIC_URL: 'http://127.0.0.1:1',
        ...serviceEnv.heaven,
      },
    }),
    bot: new Proc('intake-bot', `${ROOT}/services/bot/dist/main.js`, {
      logDir: runDir,
      nodeArgs,
      env: {
        ...common,
        SLACK_SIGNING_SECRET: s.SLACK_SIGNING_SECRET,
        SLACK_BOT_TOKEN: s.SLACK_BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        GITHUB_TOKEN: s.GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        ...serviceEnv.bot,
      },
    }),
    fastifyWebhook: new Proc('fastify-webhook', `${ROOT}/bench/servers/fastify-webhook.mjs`, {
      logDir: runDir,
      nodeArgs,
    }),
    octokit: new Proc('octokit-webhook', `${ROOT}/bench/servers/octokit-webhook.mjs`, {
      logDir: runDir,
      nodeArgs,
      env: { GITHUB_WEBHOOK_SECRET: s.GITHUB_WEBHOOK_SECRET },
    }),
    octokitQueue: new Proc('octokit-webhook-bullmq', `${ROOT}/bench/servers/octokit-webhook-bullmq.mjs`, {
      logDir: runDir,
      nodeArgs,
      env: { GITHUB_WEBHOOK_SECRET: s.GITHUB_WEBHOOK_SECRET, REDIS_URL, BENCH_PREFIX: altPrefix },
    }),
    boltQueue: new Proc('bolt-command-bullmq', `${ROOT}/bench/servers/bolt-command-bullmq.mjs`, {
      logDir: runDir,
      nodeArgs,
      env: { SLACK_SIGNING_SECRET: s.SLACK_SIGNING_SECRET, REDIS_URL, BENCH_PREFIX: altPrefix },
    }),
    fastifyForm: new Proc('fastify-form', `${ROOT}/bench/servers/fastify-form.mjs`, { logDir: runDir, nodeArgs }),
    bolt: new Proc('bolt-command', `${ROOT}/bench/servers/bolt-command.mjs`, {
      logDir: runDir,
      nodeArgs,
      env: { SLACK_SIGNING_SECRET: s.SLACK_SIGNING_SECRET },
    }),
  };
  await Promise.all(Object.values(procs).map((p) => p.start()));
  await sleep(1500);
  const idle = { heaven: procs.heaven.rssMb(), bot: procs.bot.rssMb() };

  const template = webhookTemplate(`acme/${APPS[0]}`);
  let nextId = 1_000_000;
  const webhook = () => {
    const reqs = webhookRequests(template, s.GITHUB_WEBHOOK_SECRET, nextId);
    nextId += 10_000_000;
    return reqs;
  };
  const slash = () => slashRequests(s.SLACK_SIGNING_SECRET, { apps: APPS, responseUrl: slack.responseUrl('bench') });
  const first = (reqs) => {
    const r = reqs[0].setupRequest({ method: 'POST', path: reqs[0].path, headers: {} });
    return { method: 'POST', headers: r.headers, body: r.body };
  };

  out(
    `\n[1] webhook intake: POST /webhooks/github, a signed \`deployment\` (${template.bytes} bytes, ` +
      'from @octokit/webhooks-examples), a new delivery id and deployment id per request',
  );
  const heavenPreflight = await preflight(
    `${procs.heaven.url}/webhooks/github`,
    first(webhook()),
    (st, t) => st === 202 && t.includes('queued'),
  );
  out(`  preflight heaven:  ${heavenPreflight}`);
  const fastifyWebhookPreflight = await preflight(
    `${procs.fastifyWebhook.url}/webhooks/github`,
    first(webhook()),
    (st) => st === 202,
  );
  out(`  preflight fastify: ${fastifyWebhookPreflight}`);
  const octokitPreflight = await preflight(
    `${procs.octokit.url}/webhooks/github`,
    first(webhook()),
    (st) => st === 200,
  );
  out(`  preflight octokit: ${octokitPreflight}`);
  const octokitQueuePreflight = await preflight(
    `${procs.octokitQueue.url}/webhooks/github`,
    first(webhook()),
    (st) => st === 200,
  );
  out(`  preflight octokit + BullMQ: ${octokitQueuePreflight}`);
  if (opts.only.has('intake')) {
    const summary = await abab('intake', [
      { name: 'heaven (verify+dedupe+enqueue)', url: procs.heaven.url, proc: procs.heaven, requests: webhook },
      {
        name: ALTERNATIVES.webhook,
        url: procs.octokitQueue.url,
        proc: procs.octokitQueue,
        requests: webhook,
      },
      {
        name: 'bare Fastify 202 (ceiling)',
        url: procs.fastifyWebhook.url,
        proc: procs.fastifyWebhook,
        requests: webhook,
      },
      { name: '@octokit/webhooks alone (ceiling)', url: procs.octokit.url, proc: procs.octokit, requests: webhook },
    ]);
    printIntake('Webhook intake', summary, 'heaven (verify+dedupe+enqueue)');
    printTargets(summary, 'heaven (verify+dedupe+enqueue)', ALTERNATIVES.webhook, TARGETS.heaven);
    const [jobs] = await Promise.all([queues[0].getJobCounts()]);
    results.intakeJobs = jobs;
    out(`  jobs heaven left in its (paused) deployments queue: ${JSON.stringify(jobs)}`);
  }

  out(
    '\n[2] slash-command intake: POST /slack/commands, a signed `/deploy app-N to staging`, ' +
      'a new trigger_id per request',
  );
  const botPreflight = await preflight(
    `${procs.bot.url}/slack/commands`,
    first(slash()),
    (st, t) => st === 200 && t.includes('On it'),
  );
  out(`  preflight bot:     ${botPreflight}`);
  const fastifyFormPreflight = await preflight(
    `${procs.fastifyForm.url}/slack/commands`,
    first(slash()),
    (st) => st === 200,
  );
  out(`  preflight fastify: ${fastifyFormPreflight}`);
  const boltPreflight = await preflight(
    `${procs.bolt.url}/slack/commands`,
    first(slash()),
    (st, t) => st === 200 && t.includes('On it'),
  );
  out(`  preflight bolt:    ${boltPreflight}`);
  const boltQueuePreflight = await preflight(
    `${procs.boltQueue.url}/slack/commands`,
    first(slash()),
    (st, t) => st === 200 && t.includes('On it'),
  );
  out(`  preflight bolt + BullMQ: ${boltQueuePreflight}`);
  if (opts.only.has('slash')) {
    const summary = await abab('slash', [
      { name: 'bot (verify+parse+authorize+enqueue)', url: procs.bot.url, proc: procs.bot, requests: slash },
      { name: ALTERNATIVES.slash, url: procs.boltQueue.url, proc: procs.boltQueue, requests: slash },
      {
        name: 'bare Fastify form route (ceiling)',
        url: procs.fastifyForm.url,
        proc: procs.fastifyForm,
        requests: slash,
      },
      { name: 'Bolt alone (ceiling)', url: procs.bolt.url, proc: procs.bolt, requests: slash },
    ]);
    printIntake('Slash-command intake', summary, 'bot (verify+parse+authorize+enqueue)');
    printTargets(summary, 'bot (verify+parse+authorize+enqueue)', ALTERNATIVES.slash, TARGETS.bot);
    results.slashJobs = await queues[1].getJobCounts();
    out(`  jobs the bot left in its (paused) chat-commands queue: ${JSON.stringify(results.slashJobs)}`);
  }
  await sleep(1000);
  results.memory.intake = {
    heaven: { idle: idle.heaven, after: procs.heaven.rssMb() },
    bot: { idle: idle.bot, after: procs.bot.rssMb() },
  };
  const unexpected = github.requests.length + slack.requests.length + circleci.requests.length;
  if (unexpected > 0) out(`  note: the fakes received ${unexpected} calls during intake (expected none)`);

  await Promise.all(Object.values(procs).map((p) => p.stop()));
  await Promise.all(queues.map((q) => q.close()));
  await deleteKeysWithPrefix(redis, prefix);
}

// ---------------------------------------------------------------------------------------------
async function addBacklog(prefix, count) {
  const { Queue } = await importFromServices('bullmq');
  const queue = new Queue('deployments', { connection: { url: REDIS_URL }, prefix });
  const template = webhookTemplate('acme/app-0');
  const deployment = JSON.parse(`${template.before}1${template.after}`).deployment;
  for (let i = 0; i < count; i += 1000) {
    const jobs = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const id = 900_000_000 + j;
      jobs.push({
        name: 'run',
        data: {
          delivery_id: `backlog-${j}`,
          repository: `acme/${APPS[j % APPS.length]}`,
          deployment: { ...deployment, id, environment: `backlog-${j % 50}` },
        },
        opts: {
          jobId: `deployment-${id}`,
          delay: 3_600_000,
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
        },
      });
    }
    await queue.addBulk(jobs);
  }
  const counts = await queue.getJobCounts();
  await queue.close();
  return counts;
}

function printE2e(r) {
  const line = (name, s) => [name, fmt(s.p50, 0), fmt(s.p99, 0), fmt(s.mean, 1), s.n];
  out(
    `\n  ${r.label}: ${r.count} commands ` +
      `${r.offeredRate > 0 ? `paced at ${r.offeredRate}/s` : 'as a burst (32 senders)'}; ` +
      `acked ${r.acked}, completed ${r.completed}; ` +
      `sent in ${fmt(r.sendSeconds, 2)} s, last Slack update at ${fmt(r.wallSeconds, 2)} s; ` +
      `sustained ${fmt(r.throughput, 1)} deployments/s`,
  );
  out(
    table([
      ['leg (ms)', 'p50', 'p99', 'mean', 'n'],
      line('slash ack (bot HTTP answer)', r.ack),
      line('leg 1: slash → CI trigger', r.leg1),
      line('  bot: slash → GitHub deployment', r.leg1Bot),
      line('  heaven: deployment → CI trigger', r.leg1Heaven),
      line('leg 2: CI completion → Slack update', r.leg2),
      line('  heaven: completion → success status', r.leg2Heaven),
      line('  notifier: status → Slack update', r.leg2Notifier),
      line('whole: slash → final Slack update', r.endToEnd),
    ]),
  );
  if (r.label === 'light load') {
    // Issue 18's target: each leg of a light-load deployment at p50 <= 10 ms (the fakes answer at once).
    const legs = { 'leg 1': r.leg1.p50, 'leg 2': r.leg2.p50 };
    out(
      `  target: each leg p50 ≤ ${TARGETS.legP50Ms} ms: ${Object.entries(legs)
        .map(([k, v]) => `${k} ${fmt(v, 0)} ms (${v <= TARGETS.legP50Ms ? 'met' : 'NOT met'})`)
        .join(', ')}`,
    );
  }
  if (r.cpuMsPerDeployment)
    out(
      `  CPU ms per deployment: ${Object.entries(r.cpuMsPerDeployment)
        .map(([k, v]) => `${k} ${fmt(v, 1)}`)
        .join(', ')}`,
    );
  if (r.connectionsPerDeployment)
    out(
      `  new TCP connections per deployment accepted by the fakes: ${Object.entries(r.connectionsPerDeployment)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (r.calls)
    out(
      `  calls to the fakes per deployment: ${Object.entries(r.calls)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}`,
    );
  if (r.refused.length) out(`  not acknowledged (first 3): ${r.refused.join(' | ')}`);
  if (r.stuck.length) out(`  not completed (first 3): ${r.stuck.map((s) => JSON.stringify(s)).join(' | ')}`);
}

async function e2ePhase(configPath) {
  const timeoutFor = (count, rate) => Math.max(60_000, (count / Math.max(rate, 1)) * 4000);
  const run = async (stack, label, count, rate) => {
    const procs = stack.all();
    const before = new Map(procs.map((p) => [p, p.cpuMs()]));
    const benchBefore = process.cpuUsage();
    const connBefore = { ...stack.connections };
    const since = Date.now();
    const r = await runDeployments(stack, { label, count, rate, apps: APPS, timeoutMs: timeoutFor(count, rate) });
    const bench = process.cpuUsage(benchBefore);
    r.calls = callsPerDeployment(stack, since).perDeployment;
    r.cpuMsPerDeployment = {};
    for (const p of procs) {
      const service = p.name.replace(/^e2e-/, '').replace(/-\d+$/, '');
      r.cpuMsPerDeployment[service] = (r.cpuMsPerDeployment[service] ?? 0) + (p.cpuMs() - before.get(p)) / count;
    }
    r.cpuMsPerDeployment['bench process (fakes + senders)'] = (bench.user + bench.system) / 1000 / count;
    r.connectionsPerDeployment = Object.fromEntries(
      Object.entries(stack.connections).map(([k, v]) => [k, +((v - connBefore[k]) / count).toFixed(2)]),
    );
    results.e2e.push(r);
    printE2e(r);
    await sleep(1000);
    stack.resetFakes();
    return r;
  };

  // (a) As shipped: the services' own GitHub client paces writes (one a second per process), so a
  //     short run shows the ceiling; 500 would take many minutes.
  if (opts.shipped > 0) {
    const prefix = newPrefix('e2e-shipped');
    const stack = await startE2eStack({
      root: ROOT,
      configPath,
      redisUrl: REDIS_URL,
      prefix,
      logDir: join(runDir, 'shipped'),
      logLevel: opts.logLevel,
      apps: APPS,
      nodeArgs,
      extraEnv: serviceEnv,
    });
    fakes.push(stack.github, stack.slack, stack.circleci);
    out(
      `\n[3a] end to end, services as shipped: ${opts.shipped} deployments over ${APPS.length} apps, ` +
        `paced at ${opts.rate}/s, fakes answering at once`,
    );
    const _r = await run(stack, 'shipped', opts.shipped, opts.rate);
    await stack.stop();
    await deleteKeysWithPrefix(redis, prefix);
  }

  // (b) GitHub write pacing off (GITHUB_WRITE_INTERVAL_MS=0 in bot and heaven, as for a GitHub
  //     Enterprise Server without secondary limits): everything else at full speed.
  const prefix = newPrefix('e2e');
  const pacingOff = {
    ...serviceEnv,
    bot: { GITHUB_WRITE_INTERVAL_MS: '0', ...serviceEnv.bot },
    heaven: { GITHUB_WRITE_INTERVAL_MS: '0', ...serviceEnv.heaven },
  };
  const stack = await startE2eStack({
    root: ROOT,
    configPath,
    redisUrl: REDIS_URL,
    prefix,
    logDir: runDir,
    logLevel: opts.logLevel,
    apps: APPS,
    nodeArgs,
    extraEnv: pacingOff,
  });
  fakes.push(stack.github, stack.slack, stack.circleci);
  await sleep(1500);
  const [heaven, notifier, bot] = ['heaven', 'notifier', 'bot'].map((n) => stack.replicas[n][0]);
  const idle = { bot: bot.rssMb(), heaven: heaven.rssMb(), notifier: notifier.rssMb() };

  out(
    `\n[3b] end to end, GitHub write pacing off: ${opts.deployments} deployments over ${APPS.length} apps ` +
      '(staging each), fakes answering at once',
  );
  // A few deployments first, so the first measured ones do not pay for connection setup and JIT.
  await runDeployments(stack, {
    label: 'warmup',
    count: Math.min(20, opts.deployments),
    rate: 0,
    concurrency: 4,
    apps: APPS,
    timeoutMs: 30_000,
  });
  await sleep(1000);
  stack.resetFakes();
  // Light load first: one command every 1/BENCH_LIGHT_RATE s, so the legs show our own time with
  // (almost) no queueing; then the issue's load.
  if (opts.lightCount > 0) await run(stack, 'light load', opts.lightCount, opts.lightRate);
  await run(stack, 'baseline', opts.deployments, opts.rate);
  await run(stack, 'baseline burst', opts.deployments, 0);
  results.memory.e2e = {
    bot: { idle: idle.bot, after: bot.rssMb() },
    heaven: { idle: idle.heaven, after: heaven.rssMb() },
    notifier: { idle: idle.notifier, after: notifier.rssMb() },
  };

  if (opts.only.has('growth')) {
    out(
      `\n[5] growth: ${opts.backlog} jobs already waiting ` +
        '(delayed deployment jobs, an hour out, in the deployments queue)',
    );
    const counts = await addBacklog(prefix, opts.backlog);
    out(`  deployments queue now: ${JSON.stringify(counts)}`);
    await run(stack, 'backlog', opts.deployments, opts.rate);
    await run(stack, 'backlog burst', opts.deployments, 0);
    out(
      '\n  … and two replicas of each service ' +
        '(the fakes still send webhooks to the first heaven; slash commands alternate between the bots)',
    );
    await Promise.all(['bot', 'heaven', 'notifier'].map((n) => stack.addReplica(n)));
    await sleep(1000);
    await run(stack, 'backlog 2 replicas', opts.deployments, opts.rate);
    await run(stack, 'backlog 2 replicas burst', opts.deployments, 0);
    results.memory.e2e2 = Object.fromEntries(stack.all().map((p) => [p.name, p.rssMb()]));
  }
  await stack.stop();
  await deleteKeysWithPrefix(redis, prefix);
}

/** Calls each fake received per deployment, by method and path (ids and names folded). */
function callsPerDeployment(stack, since = 0) {
  const deployments = stack.github.deployments.filter((d) => Date.parse(d.created_at) >= since).length || 1;
  const byPath = {};
  for (const [fake, server] of Object.entries({ github: stack.github, slack: stack.slack, circleci: stack.circleci })) {
    for (const r of server.requests) {
      if (r.at < since) continue;
      const path = r.path
        .replace(/\/repos\/[^/]+\/[^/]+/, '/repos/:repo')
        .replace(/\/project\/[^/]+\/[^/]+\/[^/]+/, '/project/:slug')
        .replace(/\/response\/.*/, '/response/:id')
        .replace(/\/[0-9a-f-]{36}/g, '/:uuid')
        .replace(/\/\d+/g, '/:id');
      const key = `${fake} ${r.method} ${path}`;
      byPath[key] = (byPath[key] ?? 0) + 1;
    }
  }
  return {
    deployments,
    perDeployment: Object.fromEntries(Object.entries(byPath).map(([k, v]) => [k, +(v / deployments).toFixed(2)])),
  };
}

function printMemory() {
  out('\n[4] memory: RSS (MB), idle = 1.5 s after start, after = after the load');
  const rows = [['process', 'idle', 'after load', 'load']];
  for (const [name, m] of Object.entries(results.memory.intake ?? {}))
    rows.push([
      `${name} (intake instance)`,
      fmt(m.idle),
      fmt(m.after),
      name === 'heaven' ? 'webhook intake' : 'slash intake',
    ]);
  for (const [name, m] of Object.entries(results.memory.e2e ?? {}))
    rows.push([`${name} (end-to-end instance)`, fmt(m.idle), fmt(m.after), 'end to end']);
  for (const [name, rss] of Object.entries(results.memory.e2e2 ?? {}))
    rows.push([name, '', fmt(rss), 'after growth runs']);
  out(table(rows));
}

// ---------------------------------------------------------------------------------------------
async function main() {
  for (const s of ['bot', 'heaven', 'notifier']) {
    if (!existsSync(`${ROOT}/services/${s}/dist/main.js`))
      throw new Error(`[bench] services/${s}/dist/main.js is missing: run pnpm -r build`);
  }
  out(
    `chatops bench: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GB, ` +
      `Node ${process.version}, ${process.platform}`,
  );
  const extra = Object.entries(serviceEnv)
    .filter(([, e]) => Object.keys(e).length)
    .map(([n, e]) => `${n}: ${JSON.stringify(e)}`);
  if (extra.length) out(`  extra service environment: ${extra.join('; ')}`);
  out(
    `  Redis ${REDIS_URL}; ${opts.connections} connections, ${opts.seconds} s per run, ` +
      `${opts.rounds} rounds (A B A B), warm-up ${opts.warmup} s; LOG_LEVEL=${opts.logLevel}; run dir ${runDir}`,
  );
  const configPath = writeConfig();
  if (opts.only.has('intake') || opts.only.has('slash')) await intakePhase(configPath);
  if (opts.only.has('e2e') || opts.only.has('growth')) await e2ePhase(configPath);
  if (opts.only.has('budget')) {
    const prefix = newPrefix('e2e-budget');
    results.budget = await budgetPhase({
      root: ROOT,
      configPath,
      redisUrl: REDIS_URL,
      prefix,
      logDir: join(runDir, 'budget'),
      logLevel: opts.logLevel,
      apps: APPS,
      nodeArgs,
      extraEnv: serviceEnv,
      scale: opts.budgetScale,
      count: opts.budgetDeployments,
      out,
    });
    await deleteKeysWithPrefix(redis, prefix);
  }
  printMemory();
  out(
    '\nJSON ' +
      JSON.stringify({ opts: { ...opts, only: [...opts.only] }, node: process.version, cpus: cpus().length, results }),
  );
  if (opts.cpuProf)
    out(
      `CPU profiles are written at exit, named by pid: ${startedProcesses()
        .map((p) => `${p.name}=${p.pid}`)
        .join(' ')}`,
    );
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (e) {
  out(`[bench] failed: ${e.stack ?? e}`);
  await cleanup();
  process.exit(1);
}
