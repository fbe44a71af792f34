import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// Issue 18, "tracing": off when no OTEL_* variable asks for it, and costing nothing then. A fresh Node
// process loads the three services' code as built (dist), serves a request through the shared HTTP
// app and asks startTracing to start with no OTEL_* set; a resolve hook lists every module loaded.
const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');

const PROBE = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) { const r = next(specifier, context); loaded.add(r.url); return r; },
});
const root = ${JSON.stringify(ROOT)};
const runtime = await import(root + '/packages/shared/dist/runtime/index.js');
await import(root + '/services/bot/dist/create-bot.js');
await import(root + '/services/heaven/dist/create-heaven.js');
await import(root + '/services/notifier/dist/create-notifier.js');
const stop = await runtime.startTracing('bot', {});
const app = runtime.createHttpApp({ logger: (await import('pino')).default({ level: 'silent' }) });
app.post('/slack/commands', async () => ({ ok: true }));
const res = await app.inject({ method: 'POST', url: '/slack/commands', payload: {} });
await app.close();
console.log(JSON.stringify({ stop, status: res.statusCode, enabled: runtime.tracingEnabled(), loaded: [...loaded] }));
`;

describe('tracing off (no OTEL_* variable)', () => {
  it('loads neither the OpenTelemetry SDK nor the Fastify instrumentation, and makes no span', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
      cwd: join(ROOT, 'packages', 'shared'),
      env,
      encoding: 'utf8',
    });
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout) as { stop: null; status: number; enabled: boolean; loaded: string[] };
    expect({ stop: out.stop, status: out.status, enabled: out.enabled }).toEqual({
      stop: null,
      status: 200,
      enabled: false,
    });
    // The services' own code was loaded (the probe saw it) ...
    expect(out.loaded.some((u) => u.includes('/services/heaven/dist/'))).toBe(true);
    // ... but nothing that makes or exports spans: only @opentelemetry/api (its no-op) and bullmq-otel's class.
    const sdk = out.loaded.filter((u) =>
      /@opentelemetry\/(sdk-|exporter-|instrumentation|resources|core\/)|@fastify\/otel/.test(u),
    );
    expect(sdk).toEqual([]);
  });
});
