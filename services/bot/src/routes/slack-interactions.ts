import type { AppsConfig } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DialogRouteDeps } from '../app.js';
import type { Clock, GroupCache, ProducerPort, RateCounter } from '../ports.js';
import { FIELDS } from '../dialogs/dialog-ids.js';
import { acceptDialogSubmission } from './accept-dialog-submission.js';
import { readButtonPress } from './button-press.js';
import { readHomePress } from './home-press.js';
import { readDialogInteraction } from './dialog-interaction.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS, UNAVAILABLE_REPLY } from './unavailable-reply.js';

export type SlackInteractionsOptions = SlackRouteOptions & {
  producer: ProducerPort;
  clock: Clock;
  config: AppsConfig;
  rateCounter: RateCounter;
  groups: GroupCache;
  dialogs: DialogRouteDeps;
};

/**
 * POST /slack/interactions: the bot's buttons, shortcuts and dialogs. Verified like commands; the
 * worker checks who pressed; a dialog's submit is answered here (errors next to its fields, or closed).
 */
export async function slackInteractionsRoutes(app: FastifyInstance, options: SlackInteractionsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/interactions', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    const dialog = await answerDialog(form, request, reply, options);
    if (dialog) return dialog;
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

/** A shortcut, an "open dialog" button or a dialog's own interaction, answered; null when it is none of those. */
async function answerDialog(
  form: URLSearchParams,
  request: FastifyRequest,
  reply: FastifyReply,
  options: SlackInteractionsOptions,
): Promise<FastifyReply | null> {
  let json: unknown;
  try {
    json = JSON.parse(form.get('payload') ?? '');
  } catch {
    return null;
  }
  const receivedAt = new Date(options.clock.now()).toISOString();
  const interaction = readDialogInteraction(json, options.dialogs.payloadSecret, receivedAt);
  try {
    if (interaction.kind === 'job') {
      await withTimeout(
        options.dialogs.queue.add(interaction.job, interaction.jobId),
        ENQUEUE_TIMEOUT_MS,
        ENQUEUE_TIMEOUT_MESSAGE,
      );
      return reply.code(200).send();
    }
    if (interaction.kind === 'submit') {
      const answer = await acceptDialogSubmission(interaction, {
        ...options,
        ...options.dialogs,
        dialogs: options.dialogs.queue,
        log: request.log,
      });
      return answer ? reply.code(200).send(answer) : reply.code(200).send();
    }
  } catch (e) {
    request.log.error({ err: e }, 'could not accept a dialog interaction');
    if (interaction.kind === 'submit')
      return reply.code(200).send({ response_action: 'errors', errors: { [FIELDS.app]: UNAVAILABLE_REPLY.text } });
    return reply.code(200).send();
  }
  return null;
}
