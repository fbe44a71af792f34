import { jobId, type AppsConfig } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../commands/confirmation-blocks.js';
import type { Clock, ProducerPort } from '../ports.js';
import { isHttpUrl } from './command-fields.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS, UNAVAILABLE_REPLY } from './unavailable-reply.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';

export type SlackInteractionsOptions = SlackRouteOptions & { config: AppsConfig; producer: ProducerPort; clock: Clock };

const blockActionsSchema = z.object({
  type: z.string(),
  trigger_id: z.string().min(1).optional(),
  team: z.object({ id: z.string().min(1) }).nullish(),
  user: z.object({ id: z.string().min(1), name: z.string().optional(), username: z.string().optional() }),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ channel_id: z.string().optional() }).passthrough().nullish(),
  response_url: z.string().refine(isHttpUrl).optional(),
  actions: z
    .array(
      z.object({ action_id: z.string(), value: z.string().max(2000).optional(), action_ts: z.string().optional() }),
    )
    .optional(),
});

/** POST /slack/interactions: the confirmation buttons. Verified like commands; the worker checks who pressed. */
export async function slackInteractionsRoutes(app: FastifyInstance, options: SlackInteractionsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/interactions', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    let json: unknown;
    try {
      json = JSON.parse(form.get('payload') ?? '');
    } catch {
      return badRequest(reply, 'expected a form field payload holding JSON');
    }
    const parsed = blockActionsSchema.safeParse(json);
    if (!parsed.success) return badRequest(reply, 'the interaction payload lacks user or type');
    const p = parsed.data;
    const action = p.actions?.[0];
    if (
      p.type !== 'block_actions' ||
      !action ||
      (action.action_id !== CONFIRM_ACTION && action.action_id !== CANCEL_ACTION)
    ) {
      return reply.code(200).send();
    }
    const channel = p.container?.channel_id ?? p.channel?.id;
    if (!action.value || !p.response_url || !channel || !p.team?.id)
      return badRequest(reply, 'the button press lacks value, response_url, channel or team');
    const dedupe = p.trigger_id ?? action.action_ts ?? '';
    if (!dedupe) return badRequest(reply, 'the button press lacks trigger_id and action_ts');
    const enqueued = options.producer.command(
      'confirm',
      {
        trigger_id: dedupe,
        team_id: p.team.id,
        channel_id: channel,
        requester: { slack_user_id: p.user.id, name: p.user.name ?? p.user.username ?? '' },
        response_url: p.response_url,
        received_at: new Date(options.clock()).toISOString(),
        command: {
          action: 'confirm',
          confirmation_id: action.value,
          decision: action.action_id === CONFIRM_ACTION ? 'confirm' : 'cancel',
        },
      },
      jobId('slack', dedupe),
    );
    try {
      await withTimeout(enqueued, ENQUEUE_TIMEOUT_MS, ENQUEUE_TIMEOUT_MESSAGE);
    } catch (e) {
      request.log.error({ err: e }, 'could not accept a button press');
      return reply.code(200).send({ ...UNAVAILABLE_REPLY, replace_original: false });
    }
    return reply.code(200).send();
  });
}
