import { DEPLOYMENT_BUTTON_ACTION_IDS, jobId, type ChatCommand, type ChatCommandJob } from '@chatops/shared/contracts';
import { z } from 'zod';
import { APPROVE_ACTION, REASON_ACTION, REASON_BLOCK, REJECT_ACTION } from '../render/approval-blocks.js';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../render/confirmation-blocks.js';
import { isHttpUrl } from './command-fields.js';

/**
 * What a POST /slack/interactions holds: a press of one of the bot's buttons (its job: Confirm or
 * Cancel of a question, or Promote, Rollback, Cancel of a deployment's message), another interaction, or nonsense.
 */
export type ButtonPress =
  | { kind: 'press'; job: ChatCommandJob; jobId: string }
  | { kind: 'other' }
  | { kind: 'malformed'; message: string };

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
  /** The values of the message's input blocks (an approval request's reason field). */
  state: z
    .object({
      values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }).passthrough())),
    })
    .nullish(),
});

type BlockActions = z.infer<typeof blockActionsSchema>;

/** The deployment messages' buttons: their value is the id of what they mean, kept server-side. */
const DEPLOYMENT_BUTTONS = new Set(Object.values(DEPLOYMENT_BUTTON_ACTION_IDS));
/** An approval request's buttons: their value is the request's id. */
const APPROVAL_BUTTONS = new Set([APPROVE_ACTION, REJECT_ACTION]);
/** The bot's own buttons; any other interaction is answered 200 and left alone. */
const BUTTONS = new Set([CONFIRM_ACTION, CANCEL_ACTION, ...DEPLOYMENT_BUTTONS, ...APPROVAL_BUTTONS]);

const malformed = (message: string): ButtonPress => ({ kind: 'malformed', message });

/**
 * The confirm job of a button press, from the interaction's `payload` field; its id is the press's
 * trigger (or the action's time), so a press Slack sends twice is one job. Pure.
 */
export function readButtonPress(form: URLSearchParams, receivedAt: string): ButtonPress {
  let json: unknown;
  try {
    json = JSON.parse(form.get('payload') ?? '');
  } catch {
    return malformed('expected a form field payload holding JSON');
  }
  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) return malformed('the interaction payload lacks user or type');
  const p = parsed.data;
  const action = p.actions?.[0];
  if (p.type !== 'block_actions' || !action || !BUTTONS.has(action.action_id)) return { kind: 'other' };
  const channel = p.container?.channel_id ?? p.channel?.id;
  if (!action.value || !p.response_url || !channel || !p.team?.id)
    return malformed('the button press lacks value, response_url, channel or team');
  const dedupe = p.trigger_id ?? action.action_ts ?? '';
  if (!dedupe) return malformed('the button press lacks trigger_id and action_ts');
  const press: Press = { trigger: dedupe, team: p.team.id, channel, responseUrl: p.response_url, receivedAt };
  const command: ChatCommand = DEPLOYMENT_BUTTONS.has(action.action_id)
    ? { action: 'press', button_id: action.value.slice(0, 100) }
    : APPROVAL_BUTTONS.has(action.action_id)
      ? approvalCommand(action.action_id, action.value, p)
      : {
          action: 'confirm',
          confirmation_id: action.value,
          decision: action.action_id === CONFIRM_ACTION ? 'confirm' : 'cancel',
        };
  return { kind: 'press', job: pressJob(p.user, press, command), jobId: jobId('slack', dedupe) };
}

/** Approve, or Reject with the reason typed in the request's reason field (from the message's state). */
function approvalCommand(actionId: string, requestId: string, p: BlockActions): ChatCommand {
  if (actionId === APPROVE_ACTION) return { action: 'approve', request_id: requestId, decision: 'approve' };
  const reason = p.state?.values[REASON_BLOCK]?.[REASON_ACTION]?.value?.trim().slice(0, 500);
  return { action: 'approve', request_id: requestId, decision: 'reject', ...(reason ? { reason } : {}) };
}

type Press = { trigger: string; team: string; channel: string; responseUrl: string; receivedAt: string };

function pressJob(user: BlockActions['user'], press: Press, command: ChatCommand): ChatCommandJob {
  return {
    trigger_id: press.trigger,
    team_id: press.team,
    channel_id: press.channel,
    requester: { slack_user_id: user.id, name: user.name ?? user.username ?? '' },
    response_url: press.responseUrl,
    received_at: press.receivedAt,
    command,
  };
}
