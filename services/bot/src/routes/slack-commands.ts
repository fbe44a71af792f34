import type { FastifyInstance } from 'fastify';
import { acceptCommand, type AcceptDeps } from './accept-command.js';
import { readCommandFields } from './command-fields.js';
import { UNAVAILABLE_REPLY } from './unavailable-reply.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';

export type SlackCommandsOptions = SlackRouteOptions & Omit<AcceptDeps, 'log'>;

/** POST /slack/commands: verify, validate, enqueue, answer within 3 s. */
export async function slackCommandsRoutes(app: FastifyInstance, options: SlackCommandsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/commands', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    const fields = readCommandFields(form);
    if (!fields.ok) return badRequest(reply, fields.error);
    try {
      return reply.code(200).send(await acceptCommand(fields.value, { ...options, log: request.log }));
    } catch (e) {
      request.log.error({ err: e }, 'could not accept a command');
      return reply.code(200).send(UNAVAILABLE_REPLY);
    }
  });
}
