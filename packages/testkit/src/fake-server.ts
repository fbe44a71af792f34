import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  /** The path, percent-decoded. */
  path: string;
  /** The path as it came, still percent-encoded (a branch `a/b` as `a%2Fb`). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: unknown;
  at: number;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (req: RecordedRequest, params: Record<string, string>) => Reply | Promise<Reply>;
type Route = { method: string; pattern: RegExp; keys: string[]; handler: Handler };
type Override = { method: string; pattern: RegExp; reply: Reply | 'reset'; times: number };
/** A request a fake refused as the real service would: what it asked and what it was told. */
export type Refusal = { method: string; path: string; status: number; body: unknown; at: number };

/** A kind of injected fault: a 5xx, a dropped connection, a slow answer, a hang then a drop, a 429 with Retry-After. */
export type FaultKind = '5xx' | 'reset' | 'slow' | 'timeout' | '429';

/** Probabilistic fault injection (the chaos run): each matching request fails with probability `rate`. */
export type FaultOptions = {
  rate: number;
  kinds?: FaultKind[];
  /** Delay of a 'slow' answer (then answered normally), and of a 'timeout' (then the connection is dropped). */
  slowMs?: number;
  timeoutMs?: number;
  retryAfterSec?: number;
  /** Only requests for which this returns true can fail (default: all). */
  match?: (req: RecordedRequest) => boolean;
  random?: () => number;
};

/**
 * A tiny HTTP server for the fakes of Slack, GitHub and CircleCI: a router, a log of every request
 * it received, and scripted replies (`failNext`) that take precedence over the routes.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  /** Every request refused for breaking the real service's contract (validation, auth, limits). */
  readonly refusals: Refusal[] = [];
  private readonly routes: Route[] = [];
  private readonly overrides: Override[] = [];
  private server: Server | null = null;
  private base = '';
  private faults: FaultOptions | null = null;
  /**
   * Writes (POST, PATCH, PUT, DELETE) being answered now, and the most at once so far: GitHub asks
   * for its writes one at a time.
   */
  writesInFlight = 0;
  maxWritesInFlight = 0;
  /** Faults injected so far, by kind. */
  readonly faultCounts: Record<FaultKind, number> = { '5xx': 0, reset: 0, slow: 0, timeout: 0, '429': 0 };

  constructor(private readonly host = '127.0.0.1') {}

  get url(): string {
    if (!this.base) throw new Error('fake server not started');
    return this.base;
  }

  route(method: string, path: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/[.]/g, '\\.').replace(/:(\w+)(\*)?/g, (_m, key: string, star?: string) => {
          keys.push(key);
          return star ? '(.+)' : '([^/]+)';
        }) +
        '$',
    );
    this.routes.push({ method, pattern, keys, handler });
  }

  /** The next `times` requests matching method and path get `reply` ('reset' drops the connection). */
  failNext(method: string, path: RegExp, reply: Reply | 'reset', times = 1): void {
    this.overrides.push({ method, pattern: path, reply, times });
  }

  clearFailures(): void {
    this.overrides.length = 0;
  }

  /** Makes a share of requests fail at random (null: none). Scripted `failNext` replies come first. */
  setFaults(faults: FaultOptions | null): void {
    this.faults = faults;
  }

  private pickFault(req: RecordedRequest): FaultKind | null {
    const f = this.faults;
    if (!f || f.rate <= 0 || (f.match && !f.match(req))) return null;
    const random = f.random ?? Math.random;
    if (random() >= f.rate) return null;
    const kinds = f.kinds?.length ? f.kinds : (['5xx', 'reset', 'slow', 'timeout', '429'] as FaultKind[]);
    const kind = kinds[Math.floor(random() * kinds.length)] ?? '5xx';
    this.faultCounts[kind] += 1;
    return kind;
  }

  /** Applies a fault; true when the request was answered (or dropped) by it. */
  private async applyFault(kind: FaultKind, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const f = this.faults!;
    if (kind === 'slow') {
      await new Promise((r) => setTimeout(r, f.slowMs ?? 1000));
      return false;
    }
    if (kind === 'timeout') await new Promise((r) => setTimeout(r, f.timeoutMs ?? 5000));
    if (kind === 'reset' || kind === 'timeout') {
      req.socket.destroy();
      return true;
    }
    if (kind === '429')
      send(res, {
        status: 429,
        body: { ok: false, error: 'ratelimited', message: 'API rate limit exceeded' },
        headers: { 'retry-after': String(f.retryAfterSec ?? 1) },
      });
    else send(res, { status: 503, body: { message: 'injected fault: service unavailable' } });
    return true;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(port, this.host, resolve));
    const { port: actual } = this.server.address() as AddressInfo;
    this.base = `http://${this.host}:${actual}`;
    return this.base;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Checks a request against the real service's contract before any route or scripted reply: a
   * reply refuses it (and is recorded in `refusals`), null lets it through. Subclasses override.
   */
  protected precheck(_req: RecordedRequest): Reply | null | Promise<Reply | null> {
    return null;
  }

  /** Records a refusal (see `refusals`) and returns the reply. */
  protected refuse(req: RecordedRequest, reply: Reply): Reply {
    const refusal = { method: req.method, path: req.path, status: reply.status, body: reply.body, at: Date.now() };
    this.refusals.push(refusal);
    logRefusal(this.constructor.name, refusal);
    return reply;
  }

  /** Requests received so far that match method and path. */
  received(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      this.writesInFlight += 1;
      this.maxWritesInFlight = Math.max(this.maxWritesInFlight, this.writesInFlight);
      let answered = false;
      const done = () => {
        if (!answered) this.writesInFlight -= 1;
        answered = true;
      };
      res.once('finish', done);
      res.once('close', done);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(url.pathname),
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, String(req.headers['content-type'] ?? '')),
      at: Date.now(),
    };
    this.requests.push(recorded);

    const fault = this.pickFault(recorded);
    if (fault && (await this.applyFault(fault, req, res))) return;
    let refused: Reply | null;
    try {
      refused = await this.precheck(recorded);
    } catch (e) {
      refused = { status: 500, body: { message: `fake server error: ${(e as Error).message}` } };
    }
    if (refused) return send(res, refused);
    const override = this.overrides.find((o) => o.method === recorded.method && o.pattern.test(recorded.path));
    if (override) {
      override.times -= 1;
      if (override.times <= 0) this.overrides.splice(this.overrides.indexOf(override), 1);
      if (override.reply === 'reset') {
        req.socket.destroy();
        return;
      }
      return send(res, override.reply);
    }
    for (const route of this.routes) {
      if (route.method !== recorded.method) continue;
      const match = route.pattern.exec(recorded.path);
      if (!match) continue;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, match[i + 1] ?? '']));
      try {
        return send(res, await route.handler(recorded, params));
      } catch (e) {
        return send(res, { status: 500, body: { message: `fake server error: ${(e as Error).message}` } });
      }
    }
    send(res, { status: 404, body: { message: 'Not Found' } });
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * With CHATOPS_FAKE_REFUSALS_LOG set to a file, every refusal is appended to it as a JSON line with
 * the jest test that caused it: a whole-suite run then says which test got which refusal.
 */
function logRefusal(fake: string, refusal: Refusal): void {
  const file = process.env.CHATOPS_FAKE_REFUSALS_LOG;
  if (!file) return;
  const state = (
    globalThis as { expect?: { getState?: () => { testPath?: string; currentTestName?: string } } }
  ).expect?.getState?.();
  const line = { fake, test: state?.currentTestName, file: state?.testPath, ...refusal };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  return raw;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload = '';
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Polls `check` until it returns a truthy value, or throws after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
