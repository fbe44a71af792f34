import type { FastifyInstance } from 'fastify';

export type InjectOptions = {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
};
export type InjectResponse = { statusCode: number; body: string; json(): unknown };

/** `app.inject()` with the few options these tests use. */
export async function createInject(app: FastifyInstance): Promise<(options: InjectOptions) => Promise<InjectResponse>> {
  await app.ready();
  return async ({ method = 'GET', url, headers = {}, payload }) => {
    const res = await app.inject({ method, url, headers, payload });
    return { statusCode: res.statusCode, body: res.body, json: () => res.json() };
  };
}
