import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { startStack, type Stack } from '@chatops/sandbox';
import { REDIS_URL } from '@chatops/testkit';
import { commandTextCases } from './support/command-cases.js';
import { CORPUS_CONFIG, type Case } from './support/corpus.js';
import { circleciWebhookCases, githubWebhookCases } from './support/heaven-cases.js';
import { otherCases } from './support/other-cases.js';
import { slackCommandCases, slackInteractionCases } from './support/slack-cases.js';

// The bad-input corpus: every hostile or malformed request against the three running processes
// gets its documented answer, nothing reaches a queue, Slack, GitHub or CircleCI, and every
// service still answers afterwards.
type Outcome = { c: Case; status: number; body: unknown; ok: boolean; serving: boolean };

/**
 * One request over node:http, so a server that answers 413 and closes before the whole body is sent
 * still gives its answer.
 */
function send(stack: Stack, c: Case): Promise<{ status: number; body: unknown }> {
  const url = new URL(`${stack.services[c.service].url}${c.path}`);
  const payload = c.body === undefined ? undefined : Buffer.from(c.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: c.path,
        method: c.method ?? 'POST',
        headers: { ...c.headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : '';
          } catch {
            /* plain text */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    // A server may answer (413) and close while the body is still being written: the answer counts.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET'
        ? setTimeout(() => resolve({ status: 0, body: `connection closed: ${e.code}` }), 1000)
        : reject(e),
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s to ${c.surface}: ${c.name}`)));
    // Headers first: a server that refuses the length answers before the body is on the wire.
    req.flushHeaders();
    setTimeout(() => req.end(payload), payload && payload.length > 64 * 1024 ? 100 : 0);
  });
}

const serving = async (stack: Stack) =>
  (
    await Promise.all(
      Object.values(stack.services).map((s) =>
        fetch(`${s.url}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        ),
      ),
    )
  ).every(Boolean);

const matches = (c: Case, status: number, body: unknown): boolean => {
  if (status !== c.expect.status) return false;
  if (c.expect.text !== undefined) {
    const reply = body as { response_type?: string; text?: string };
    return (
      reply.response_type === 'ephemeral' && typeof reply.text === 'string' && reply.text.startsWith(c.expect.text)
    );
  }
  if (c.expect.body === undefined) return true;
  return canonical(body) === canonical(c.expect.body);
};

/** JSON with sorted keys, so that key order does not matter. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const keys = await redis.keys(`${prefix}*`);
  // Per-person rate counters are written for every signed command, by design (flood control), and
  // BullMQ's `stalled-check` key comes and goes by itself (it lives one stalled-check interval).
  return keys.filter((k) => !k.includes(':bot:rate:') && !k.endsWith(':stalled-check')).sort();
}

describe('the bad-input corpus against the running services', () => {
  let stack: Stack;
  const redis = new Redis(REDIS_URL);
  const outcomes: Outcome[] = [];
  let keysBefore: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      config: CORPUS_CONFIG,
      repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: 'a'.repeat(40) } }],
      users: [{ id: 'U0ALICE', name: 'alice' }],
      logLevel: 'info',
    });
    await new Promise((r) => setTimeout(r, 500));
    keysBefore = await keysOf(redis, stack.prefix);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    redis.disconnect();
  }, 60_000);

  it('answers every case as documented, enqueues nothing, calls no API, and keeps serving', async () => {
    const s = stack.secrets;
    const cases = [
      ...slackCommandCases(s.SLACK_SIGNING_SECRET!),
      ...commandTextCases(s.SLACK_SIGNING_SECRET!),
      ...slackInteractionCases(s.SLACK_SIGNING_SECRET!),
      ...githubWebhookCases(s.GITHUB_WEBHOOK_SECRET!),
      ...circleciWebhookCases(s.CIRCLECI_WEBHOOK_SECRET!),
      ...otherCases(),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const c of cases) {
      const { status, body } = await send(stack, c);
      outcomes.push({ c, status, body, ok: matches(c, status, body), serving: await serving(stack) });
    }
    printSummary(outcomes);
    const wrong = outcomes
      .filter((o) => !o.ok || !o.serving)
      .map((o) => ({
        case: `${o.c.surface}: ${o.c.name}`,
        expected: o.c.expect,
        got: { status: o.status, body: o.body },
        serving: o.serving,
      }));
    expect(wrong).toEqual([]);

    await new Promise((r) => setTimeout(r, 300));
    expect(await keysOf(redis, stack.prefix)).toEqual(keysBefore);
    expect(stack.github.deployments).toEqual([]);
    expect(stack.github.requests).toEqual([]);
    expect(stack.circleci.pipelines).toEqual([]);
    expect(stack.slack.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
    expect(stack.slack.responses).toEqual([]);
  }, 120_000);
});

function printSummary(outcomes: Outcome[]): void {
  const rows = new Map<string, { n: number; ok: number; statuses: Map<number, number> }>();
  for (const o of outcomes) {
    const row = rows.get(o.c.surface) ?? { n: 0, ok: 0, statuses: new Map() };
    row.n += 1;
    row.ok += o.ok && o.serving ? 1 : 0;
    row.statuses.set(o.status, (row.statuses.get(o.status) ?? 0) + 1);
    rows.set(o.c.surface, row);
  }
  const lines = [`${'surface'.padEnd(32)}cases  as documented  answers`, '-'.repeat(80)];
  for (const [surface, r] of rows) {
    const answers = [...r.statuses].map(([k, v]) => `${k}×${v}`).join(' ');
    lines.push(`${surface.padEnd(32)}${String(r.n).padStart(5)}  ${String(r.ok).padStart(15)}  ${answers}`);
  }
  const total = outcomes.length;
  const totalOk = outcomes.filter((o) => o.ok && o.serving).length;
  lines.push('-'.repeat(80), `${'total'.padEnd(32)}${String(total).padStart(5)}  ${String(totalOk).padStart(15)}`);
  const wrong = outcomes.filter((o) => !o.ok);
  for (const o of wrong)
    lines.push(`  WRONG ${o.c.surface}: ${o.c.name} → ${o.status} ${JSON.stringify(o.body).slice(0, 300)}`);
  console.log(`bad-input corpus\n${lines.join('\n')}`);
}
