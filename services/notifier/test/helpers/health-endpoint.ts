import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake service's health endpoint that can go down, come back, redirect, or hang. */
export class HealthEndpoint {
  status = 200;
  hits = 0;
  /** Path → where it redirects. */
  readonly redirects = new Map<string, string>();
  hang = false;
  private server: Server | null = null;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.hits += 1;
      if (this.hang) return;
      const target = this.redirects.get(req.url ?? '/');
      if (target) {
        res.writeHead(302, { location: target });
        return res.end();
      }
      res.writeHead(this.status, { 'content-type': 'text/plain' });
      res.end(this.status < 400 ? 'ok' : 'unavailable');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
