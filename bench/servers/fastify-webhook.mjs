// Competitor "ceiling" for webhook intake: a bare Fastify route that answers 202 to the same
// payload (Fastify's default JSON parsing; no signature check, no dedupe, no enqueue).
import { importFromServices } from '../lib/resolve.mjs';
import { announce, exitOnSignal } from './listening.mjs';

const { default: Fastify } = await importFromServices('fastify');
const app = Fastify({ logger: false, bodyLimit: 25 * 1024 * 1024 });
app.post('/webhooks/github', async (_request, reply) => reply.code(202).send({ queued: true }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
announce('fastify-webhook', address);
exitOnSignal(() => app.close());
