import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
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

/**
 * A tiny HTTP server for the fakes of Slack, GitHub and CircleCI: a router, a log of every request
 * it received, and scripted replies (`failNext`) that take precedence over the routes.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly overrides: Override[] = [];
  private server: Server | null = null;
  private base = '';

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

  /** Requests received so far that match method and path. */
  received(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, String(req.headers['content-type'] ?? '')),
      at: Date.now(),
    };
    this.requests.push(recorded);

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
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, intervalMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
