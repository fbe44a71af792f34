import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { REDIS_URL } from './redis-test.js';

/**
 * A Redis that is away until `up()`: a TCP proxy to the tests' Redis that closes every connection
 * while down (as a Redis not yet started), then passes them through.
 */
export class LateRedis {
  /** The proxy's URL (the tests' Redis URL with the proxy's host and port). */
  url = '';
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private down = true;

  async start(): Promise<void> {
    const target = new URL(REDIS_URL);
    this.server = createServer((client) => {
      this.track(client);
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = this.track(connect(Number(target.port || 6379), target.hostname));
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String((server.address() as AddressInfo).port);
    this.url = url.toString();
  }

  up(): void {
    this.down = false;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}
