// Competitor "ceiling" for slash commands: a bare Fastify route that parses the form body and
// answers an ephemeral 200 (no signature check, no authorization, no enqueue).
import { parse } from 'node:querystring';
import { importFromServices } from '../lib/resolve.mjs';
import { announce, exitOnSignal } from './listening.mjs';

const { default: Fastify } = await importFromServices('fastify');
const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
  done(null, parse(body)),
);
app.post('/slack/commands', async (request) => ({ response_type: 'ephemeral', text: `On it: ${request.body.text}.` }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
announce('fastify-form', address);
exitOnSignal(() => app.close());
