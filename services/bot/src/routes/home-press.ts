import { jobId, type HomeTabJob } from '@chatops/shared/contracts';
import { z } from 'zod';
import { HOME_ACTION_IDS } from '../render/home-view.js';

const payloadSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1).max(200).optional(),
  team: z.object({ id: z.string().min(1).max(40) }),
  user: z.object({ id: z.string().min(1).max(40), name: z.string().optional(), username: z.string().optional() }),
  actions: z
    .array(
      z.object({ action_id: z.string(), value: z.string().max(2000).optional(), action_ts: z.string().optional() }),
    )
    .min(1),
});

const valueSchema = z.object({ app: z.string().min(1).max(63), environment: z.string().min(1).max(100) });

const ACTION_OF_ID = new Map<string, 'unlock' | 'cancel'>([
  [HOME_ACTION_IDS.unlock, 'unlock'],
  [HOME_ACTION_IDS.cancel, 'cancel'],
]);

/**
 * Unlock or Cancel pressed in a Home tab: its `press` job (the presser, the app and environment the
 * button names, checked again in the worker), id `home-press-<trigger_id>` so a press Slack sends
 * twice is one job. Null for any other interaction, or one that does not read. Pure.
 */
export function readHomePress(form: URLSearchParams, receivedAt: string): { job: HomeTabJob; jobId: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(form.get('payload') ?? '');
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const p = parsed.data;
  const action = p.actions[0]!;
  const kind = ACTION_OF_ID.get(action.action_id);
  const dedupe = p.trigger_id ?? action.action_ts;
  if (!kind || !dedupe) return null;
  let value: z.infer<typeof valueSchema>;
  try {
    value = valueSchema.parse(JSON.parse(action.value ?? ''));
  } catch {
    return null;
  }
  const name = (p.user.name ?? p.user.username ?? '').slice(0, 200);
  return {
    job: {
      kind: 'press',
      action: kind,
      app: value.app,
      environment: value.environment,
      user: { slack_user_id: p.user.id, name },
      team_id: p.team.id,
      trigger_id: dedupe,
      received_at: receivedAt,
    },
    jobId: jobId('home-press', dedupe),
  };
}
