import { jobId } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance } from 'fastify';
import type { DialogQueue } from '../ports.js';
import { acceptCommand, type AcceptDeps } from './accept-command.js';
import { readCommandFields } from './command-fields.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS, UNAVAILABLE_REPLY } from './unavailable-reply.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';

export type SlackCommandsOptions = SlackRouteOptions & Omit<AcceptDeps, 'log'> & { dialogs: DialogQueue };

/** POST /slack/commands: verify, validate, enqueue, answer within 3 s. With no text: the deploy dialog. */
export async function slackCommandsRoutes(app: FastifyInstance, options: SlackCommandsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/commands', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    const fields = readCommandFields(form);
    if (!fields.ok) return badRequest(reply, fields.error);
    try {
      const f = fields.value;
      if (f.text.trim() === '') {
        const job = {
          kind: 'open' as const,
          dialog: 'deploy' as const,
          trigger_id: f.trigger_id,
          team_id: f.team_id,
          user: { slack_user_id: f.user_id, name: f.user_name },
          channel_id: f.channel_id,
        };
        await withTimeout(
          options.dialogs.add(job, jobId('dialog', f.trigger_id)),
          ENQUEUE_TIMEOUT_MS,
          ENQUEUE_TIMEOUT_MESSAGE,
        );
        return reply.code(200).send();
      }
      return reply.code(200).send(await acceptCommand(f, { ...options, log: request.log }));
    } catch (e) {
      request.log.error({ err: e }, 'could not accept a command');
      return reply.code(200).send(UNAVAILABLE_REPLY);
    }
  });
}
