import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { z } from 'zod';
import * as botConfig from '../../services/bot/src/config.js';
import * as heavenConfig from '../../services/heaven/src/config.js';
import * as notifierConfig from '../../services/notifier/src/config.js';

// No Docker engine runs where the tests run, so the compose file and the Dockerfile are checked
// against the code: commands exist, health checks hit real routes, variables are ones the services read.
const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
/** The keys of a compose service these tests read. */
type ComposeService = {
  command: string[];
  environment: Record<string, string>;
  healthcheck: { test: string[] };
  ports?: string[];
  volumes?: string[];
  depends_on?: unknown;
  restart?: string;
  env_file?: string;
};
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };

function schemaKeys(mod: Record<string, unknown>): string[] {
  const schema = Object.values(mod).find((v): v is z.ZodObject => typeof v === 'object' && v !== null && 'shape' in v);
  if (!schema) throw new Error('no zod object schema exported from config.ts');
  return Object.keys(schema.shape);
}

const SERVICES = { bot: schemaKeys(botConfig), heaven: schemaKeys(heavenConfig), notifier: schemaKeys(notifierConfig) };
const SECRET_FILE_VARIANT = /_FILE$/;

describe('docker-compose.yml', () => {
  it('runs Redis with AOF, noeviction and a health check', () => {
    const redis = compose.services.redis!;
    expect(redis.command.join(' ')).toContain('--appendonly yes');
    expect(redis.command.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.volumes).toEqual(['redis-data:/data']);
  });

  it.each(Object.keys(SERVICES))(
    '%s: its command exists, its health check hits its /readyz, it waits for Redis and restarts',
    (name) => {
      const svc = compose.services[name]!;
      expect(svc.command).toEqual(['node', `services/${name}/dist/main.js`]);
      expect(existsSync(join(ROOT, 'services', name, 'src', 'main.ts'))).toBe(true);
      expect(JSON.parse(read(`services/${name}/package.json`)).main).toBe('dist/main.js');
      const port = svc.environment.PORT;
      expect(svc.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
      expect(svc.ports).toEqual([`${port}:${port}`]);
      const source = readdirSync(join(ROOT, 'services', name, 'src'), { recursive: true })
        .filter((f) => String(f).endsWith('.ts'))
        .map((f) => read(`services/${name}/src/${String(f)}`))
        .join('\n');
      expect(source).toContain('registerHealthRoutes(');
      expect(svc.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
      expect(svc.restart).toBe('unless-stopped');
      expect(svc.env_file).toBe('.env');
    },
  );

  it.each(Object.entries(SERVICES))('%s: every variable compose sets is one its config schema reads', (name, keys) => {
    for (const key of Object.keys(compose.services[name]!.environment))
      expect({ key, read: keys.includes(key) }).toEqual({ key, read: true });
  });

  it('.env.example lists only variables some service reads, and every variable of every schema', () => {
    const example = read('.env.example')
      .split('\n')
      .map((l) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(l)?.[1])
      .filter((k): k is string => !!k)
      .map((k) => k.replace(SECRET_FILE_VARIANT, ''));
    const all = new Set(Object.values(SERVICES).flat());
    for (const key of example) expect({ key, read: all.has(key) }).toEqual({ key, read: true });
    for (const key of all)
      expect({ key, listed: example.includes(key) || ['PORT', 'HOST'].includes(key) }).toEqual({ key, listed: true });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  it('copies the package.json of every workspace package before the frozen install', () => {
    for (const dir of ['packages', 'services']) {
      for (const pkg of readdirSync(join(ROOT, dir))) {
        if (!existsSync(join(ROOT, dir, pkg, 'package.json'))) continue;
        expect(dockerfile).toContain(`COPY ${dir}/${pkg}/package.json ${dir}/${pkg}/`);
      }
    }
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
  });

  it("sizes each service's heap in the image as the benchmark runs it", () => {
    const bench = /SERVICE_NODE_OPTIONS = '([^']+)'/.exec(read('bench/lib/node-options.mjs'))?.[1];
    expect(bench).toBe('--max-old-space-size=128 --max-semi-space-size=4');
    expect(dockerfile).toContain(`ENV NODE_ENV=production NODE_OPTIONS="${bench}"`);
    for (const file of ['bench/lib/e2e.mjs', 'bench/run.mjs'])
      expect(read(file)).toContain('NODE_OPTIONS: SERVICE_NODE_OPTIONS,');
  });

  it('pins the pnpm version of package.json', () => {
    const pm = JSON.parse(read('package.json')).packageManager as string;
    expect(dockerfile).toContain(`npm install --global ${pm}`);
  });
});
