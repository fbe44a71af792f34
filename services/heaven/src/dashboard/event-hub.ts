import type { Logger, Redis } from '@chatops/shared/runtime';
import { dashboardEventSchema } from './dashboard-events.js';

/** One open event stream (a browser's EventSource): where its frames go, and how it is ended. */
type SseClient = { write(chunk: string): void; end(): void };

export type EventHubOptions = {
  /** A new Redis connection of its own (a subscribed connection can do nothing else), made on first use. */
  subscriber: () => Redis;
  channel: string;
  /** At most this many streams at once (each holds a socket). */
  maxClients: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  log: Pick<Logger, 'warn'>;
};

/** The dashboards' event streams of one heaven, fed by the Redis channel every replica publishes on. */
export type EventHub = {
  /** Subscribes (once); rejects when Redis does not answer. */
  ready(): Promise<void>;
  /** Adds a stream; null when the hub is full or closed. The function returned removes it. */
  add(client: SseClient): (() => void) | null;
  size(): number;
  /** Ends every stream and the subscription (heaven's close: no open stream keeps it waiting). */
  close(): Promise<void>;
};

/** One server-sent event: its name and one line of JSON (JSON.stringify never writes a raw line break). */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const SSE_HEARTBEAT = ': heartbeat\n\n';

export function createEventHub(opts: EventHubOptions): EventHub {
  const clients = new Set<SseClient>();
  let redis: Redis | null = null;
  let subscribed: Promise<void> | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closed = false;

  const send = (chunk: string) => {
    for (const c of clients) c.write(chunk);
  };
  const onMessage = (channel: string, message: string) => {
    if (channel !== opts.channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    const event = dashboardEventSchema.safeParse(parsed);
    if (!event.success) return opts.log.warn({ channel }, 'a dashboard event that is not one was ignored');
    send(sseFrame('deployment', event.data));
  };

  return {
    ready() {
      if (closed) return Promise.reject(new Error('the dashboard is closing'));
      if (!subscribed) {
        const connection = opts.subscriber();
        redis = connection;
        connection.on('message', onMessage);
        subscribed = connection.subscribe(opts.channel).then(() => undefined);
        // Redis did not answer: drop this connection; the next page asks again on a new one.
        subscribed.catch(() => {
          connection.disconnect();
          if (redis === connection) redis = null;
          subscribed = null;
        });
      }
      return subscribed;
    },
    add(client) {
      if (closed || clients.size >= opts.maxClients) return null;
      clients.add(client);
      heartbeat ??= setInterval(() => send(SSE_HEARTBEAT), opts.heartbeatMs).unref();
      return () => {
        clients.delete(client);
        if (clients.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = null;
        }
      };
    },
    size: () => clients.size,
    async close() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      for (const c of clients) c.end();
      clients.clear();
      if (redis) redis.disconnect();
      redis = null;
    },
  };
}
