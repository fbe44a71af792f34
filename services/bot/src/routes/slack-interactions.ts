import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance } from 'fastify';
import type { Clock, ProducerPort } from '../ports.js';
import { readButtonPress } from './button-press.js';
import { readHomePress } from './home-press.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS, UNAVAILABLE_REPLY } from './unavailable-reply.js';

export type SlackInteractionsOptions = SlackRouteOptions & { producer: ProducerPort; clock: Clock };

/** POST /slack/interactions: the bot's buttons. Verified like commands; the worker checks who pressed. */
export async function slackInteractionsRoutes(app: FastifyInstance, options: SlackInteractionsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/interactions', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    const home = readHomePress(form, new Date(options.clock.now()).toISOString());
    if (home) {
      // Home has no response_url: when the job cannot be enqueued, nothing happens and the log says so.
      await withTimeout(
        options.producer.homeTab(home.job, home.jobId),
        ENQUEUE_TIMEOUT_MS,
        ENQUEUE_TIMEOUT_MESSAGE,
      ).catch((e: unknown) => request.log.error({ err: e }, 'could not accept a Home button press'));
      return reply.code(200).send();
    }
    const press = readButtonPress(form, new Date(options.clock.now()).toISOString());
    if (press.kind === 'malformed') return badRequest(reply, press.message);
    if (press.kind === 'other') return reply.code(200).send();
    try {
      await withTimeout(
        options.producer.command(press.job.command.action, press.job, press.jobId),
        ENQUEUE_TIMEOUT_MS,
        ENQUEUE_TIMEOUT_MESSAGE,
      );
    } catch (e) {
      request.log.error({ err: e }, 'could not accept a button press');
      return reply.code(200).send({ ...UNAVAILABLE_REPLY, replace_original: false });
    }
    return reply.code(200).send();
  });
}
