import type { FastifyInstance } from 'fastify';

export type InjectOptions = { method?: string; url: string; headers?: Record<string, string>; payload?: string };
export type InjectResponse = { statusCode: number; body: string; headers: Headers; json(): any };

/**
 * Fastify's `inject()` cannot load in this jest (light-my-request `require`s the ESM-only cookie@2,
 * which jest's CommonJS loader refuses on Node 20). This gives the same shape over a real
 * listener on 127.0.0.1, port 0: the app is exercised exactly as Slack would reach it.
 */
export async function createInject(app: FastifyInstance): Promise<(options: InjectOptions) => Promise<InjectResponse>> {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return async ({ method = 'GET', url, headers = {}, payload }) => {
    const res = await fetch(base + url, { method, headers, body: payload });
    const body = await res.text();
    return { statusCode: res.status, body, headers: res.headers, json: () => JSON.parse(body) };
  };
}
