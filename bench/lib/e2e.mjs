// End to end: the three services as processes, the fakes of GitHub, Slack and CircleCI in this
// process, answering at once (a CircleCI workflow finishes as soon as it is triggered; the fake sends
// its signed `workflow-completed` webhook on its next 20 ms tick). Each leg is measured from the
// timestamps the fakes record.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { FakeCircleCI, FakeGitHub, FakeSlack, slashCommandBody, stackSecrets } from '@chatops/testkit';
import { Proc } from './proc.mjs';
import { mean, percentile } from './stats.mjs';
import { SERVICE_NODE_OPTIONS } from './node-options.mjs';

const SERVICES = ['heaven', 'notifier', 'bot'];

export async function startE2eStack({
  root,
  configPath,
  redisUrl,
  prefix,
  logDir,
  logLevel,
  apps,
  nodeArgs,
  keepAlive = true,
  extraEnv = {},
}) {
  mkdirSync(logDir, { recursive: true });
  const secrets = stackSecrets();
  const github = new FakeGitHub({ token: secrets.GITHUB_TOKEN, webhookSecret: secrets.GITHUB_WEBHOOK_SECRET });
  const slack = new FakeSlack({ token: secrets.SLACK_BOT_TOKEN });
  const circleci = new FakeCircleCI({
    token: secrets.CIRCLECI_TOKEN,
    webhookSecret: secrets.CIRCLECI_WEBHOOK_SECRET,
    plan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 0 }] }),
  });
  await Promise.all([github.start(), slack.start(), circleci.start()]);
  circleci.followGitHub(github);
  // New TCP connections each fake accepts (a client that does not keep connections alive pays a
  // connect per call). `server` is the fakes' node:http server.
  const connections = { github: 0, slack: 0, circleci: 0 };
  for (const [name, fake] of Object.entries({ github, slack, circleci })) {
    fake.server?.on('connection', () => (connections[name] += 1));
    // The fakes keep idle connections 1 s and say so (`Keep-Alive: timeout=1`); Node's fetch (undici)
    // subtracts its 1 s safety margin from that hint and so never reuses a connection to them: every
    // call would pay a TCP connect that api.github.com, slack.com and circleci.com do not cause.
    if (fake.server && keepAlive) fake.server.keepAliveTimeout = 60_000;
  }
  for (const app of apps) github.addRepo(`acme/${app}`, { defaultBranch: 'main' });
  slack.addUser({ id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' });

  // The heap cap of the Docker image (Dockerfile): the services run as shipped.
  const common = {
    REDIS_URL: redisUrl,
    CHATOPS_CONFIG: configPath,
    CHATOPS_QUEUE_PREFIX: prefix,
    LOG_LEVEL: logLevel,
    NODE_OPTIONS: SERVICE_NODE_OPTIONS,
    CHATOPS_PAYLOAD_SECRET: secrets.CHATOPS_PAYLOAD_SECRET,
  };
  const env = {
    bot: {
      ...common,
      SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      GITHUB_TOKEN: secrets.GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
    },
    heaven: {
      ...common,
      GITHUB_TOKEN: secrets.GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: secrets.GITHUB_WEBHOOK_SECRET,
      CIRCLECI_TOKEN: secrets.CIRCLECI_TOKEN,
      CIRCLECI_API_URL: circleci.apiUrl,
      CIRCLECI_WEBHOOK_SECRET: secrets.CIRCLECI_WEBHOOK_SECRET,
      PUBLIC_URL: 'http://127.0.0.1:1',
    },
    notifier: { ...common, SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN, SLACK_API_URL: slack.apiUrl },
  };
  for (const name of Object.keys(env)) Object.assign(env[name], extraEnv[name] ?? {});
  const entry = (name) => `${root}/services/${name}/dist/main.js`;
  const replicas = { bot: [], heaven: [], notifier: [] };
  const fakes = [github, slack, circleci];
  const stack = {
    github,
    slack,
    circleci,
    secrets,
    replicas,
    connections,
    async addReplica(name) {
      const proc = new Proc(`e2e-${name}-${replicas[name].length + 1}`, entry(name), {
        env: env[name],
        logDir,
        nodeArgs,
      });
      replicas[name].push(proc);
      await proc.start();
      return proc;
    },
    all: () => Object.values(replicas).flat(),
    /**
     * Forgets what the fakes recorded (call once a run is measured and settled). The fakes scan
     * their records on every call (FakeCircleCI walks every pipeline each 20 ms tick, FakeGitHub
     * and FakeSlack `find` in arrays), so without this each run would pay for the ones before it.
     */
    resetFakes() {
      for (const list of [
        github.deployments,
        github.deliveries,
        github.requests,
        github.runs,
        circleci.pipelines,
        circleci.webhooks,
        circleci.requests,
        slack.calls,
        slack.messages,
        slack.responses,
        slack.requests,
      ])
        list.length = 0;
      github.statuses.clear();
    },
    async stop() {
      await Promise.all(stack.all().map((p) => p.stop()));
      await Promise.all(fakes.map((f) => f.stop().catch(() => undefined)));
    },
  };
  try {
    await Promise.all(SERVICES.map((name) => stack.addReplica(name)));
  } catch (e) {
    await stack.stop();
    throw e;
  }
  // The public URL of heaven: where the fakes send their webhooks (one load balancer target).
  const heaven = replicas.heaven[0];
  github.options.webhookUrl = `${heaven.url}/webhooks/github`;
  circleci.options.webhookUrl = `${heaven.url}/webhooks/circleci`;
  return stack;
}

/**
 * Sends `count` signed `/deploy` commands, `rate` per second (0 = as fast as `concurrency` senders
 * get answers), round-robin over the apps and the bot replicas; then waits for every deployment to
 * reach its final Slack update, and computes the legs from the fakes' timestamps.
 */
export async function runDeployments(stack, { label, count, rate, concurrency = 32, apps, timeoutMs }) {
  const bots = stack.replicas.bot.map((p) => p.url);
  const sends = [];
  const sendOne = async (n) => {
    const tag = `${label.replace(/[^A-Za-z0-9]+/g, '-')}-${n}`;
    const app = apps[n % apps.length];
    const body = slashCommandBody({
      text: `${app} to staging bench=${tag}`,
      user_id: 'U0ALICE',
      user_name: 'alice',
      response_url: stack.slack.responseUrl(tag),
    });
    const ts = Math.floor(Date.now() / 1000);
    const hmac = createHmac('sha256', stack.secrets.SLACK_SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
    const signature = `v0=${hmac}`;
    const record = { n, tag, sent: Date.now(), acked: NaN, status: 0, text: '' };
    sends.push(record);
    try {
      const res = await fetch(`${bots[n % bots.length]}/slack/commands`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
        body,
      });
      record.status = res.status;
      record.text = await res.text();
    } catch (e) {
      record.text = String(e);
    }
    record.acked = Date.now();
  };

  const started = Date.now();
  if (rate > 0) {
    const inflight = [];
    for (let n = 0; n < count; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(sendOne(n));
    }
    await Promise.all(inflight);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await sendOne(next++);
      }),
    );
  }
  const lastSent = Date.now();

  // Wait until every deployment has its final Slack update, or the timeout.
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  for (;;) {
    rows = collect(stack, sends);
    const done = rows.filter((r) => r.finalUpdate !== undefined).length;
    if (done === count || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return summarize(label, rate, count, sends, rows, started, lastSent);
}

function collect(stack, sends) {
  const byTag = new Map();
  for (const d of stack.github.deployments) {
    const tag = d.payload?.chatops?.params?.bench;
    if (tag) byTag.set(String(tag), d);
  }
  const pipelineByDeployment = new Map();
  for (const p of stack.circleci.pipelines) pipelineByDeployment.set(Number(p.parameters.chatops_deployment_id), p);
  const completionByPipeline = new Map();
  for (const w of stack.circleci.webhooks) {
    const body = JSON.parse(w.body);
    completionByPipeline.set(body.pipeline.id, Date.parse(body.happened_at));
  }
  const updatesByMessage = new Map();
  for (const c of stack.slack.calls) {
    if (c.method !== 'chat.update') continue;
    const key = `${c.args.channel}/${c.args.ts}`;
    if (!updatesByMessage.has(key)) updatesByMessage.set(key, []);
    updatesByMessage.get(key).push(c.at);
  }
  return sends.map((s) => {
    const d = byTag.get(s.tag);
    const row = { tag: s.tag, sent: s.sent, acked: s.acked, status: s.status };
    if (!d) return row;
    row.deploymentCreated = Date.parse(d.created_at);
    const pipeline = pipelineByDeployment.get(d.id);
    if (!pipeline) return row;
    row.ciTriggered = pipeline.createdAt;
    const completed = completionByPipeline.get(pipeline.id);
    if (completed === undefined) return row;
    row.ciCompleted = completed;
    const success = stack.github.statusesOf(d.id).find((st) => st.state === 'success');
    if (!success) return row;
    row.successStatus = Date.parse(success.created_at);
    const slackRef = d.payload?.chatops?.slack;
    const updates = (updatesByMessage.get(`${slackRef?.channel}/${slackRef?.ts}`) ?? []).filter(
      (at) => at >= row.successStatus,
    );
    if (updates.length > 0) row.finalUpdate = Math.min(...updates);
    return row;
  });
}

function summarize(label, rate, count, sends, rows, started, lastSent) {
  const ok = rows.filter((r) => r.finalUpdate !== undefined);
  const stat = (xs) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), mean: mean(xs), n: xs.length });
  const triggered = rows.filter((r) => r.ciTriggered !== undefined);
  const finals = ok.map((r) => r.finalUpdate).sort((a, b) => a - b);
  return {
    label,
    offeredRate: rate,
    count,
    acked: sends.filter((s) => s.status === 200 && s.text.includes('On it')).length,
    refused: sends
      .filter((s) => !(s.status === 200 && s.text.includes('On it')))
      .slice(0, 3)
      .map((s) => `${s.status} ${s.text.slice(0, 120)}`),
    completed: ok.length,
    stuck: rows.filter((r) => r.finalUpdate === undefined).slice(0, 3),
    ack: stat(sends.map((s) => s.acked - s.sent)),
    // leg 1: the slash command's arrival → the CI trigger
    leg1: stat(triggered.map((r) => r.ciTriggered - r.sent)),
    leg1Bot: stat(triggered.map((r) => r.deploymentCreated - r.sent)),
    leg1Heaven: stat(triggered.map((r) => r.ciTriggered - r.deploymentCreated)),
    // leg 2: the CI's completion webhook → the Slack update
    leg2: stat(ok.map((r) => r.finalUpdate - r.ciCompleted)),
    leg2Heaven: stat(ok.map((r) => r.successStatus - r.ciCompleted)),
    leg2Notifier: stat(ok.map((r) => r.finalUpdate - r.successStatus)),
    sendSeconds: (lastSent - started) / 1000,
    wallSeconds: finals.length ? (finals.at(-1) - started) / 1000 : NaN,
    // deployments per second: completions over the span of completions (first to last final update)
    throughput: finals.length > 1 ? (finals.length - 1) / ((finals.at(-1) - finals[0]) / 1000) : NaN,
    endToEnd: stat(ok.map((r) => r.finalUpdate - r.sent)),
  };
}
