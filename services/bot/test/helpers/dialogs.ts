import { interactionBody, slackSignatureHeaders, waitFor, type FakeView } from '@chatops/testkit';
import { SIGNING_SECRET, type Harness } from './harness.js';

/** Posts an interaction payload (as the fake Slack builds it) to the bot, signed; the bot's answer. */
export async function interact(
  h: Harness,
  payload: unknown,
  url = '/slack/interactions',
): Promise<{ status: number; body: unknown }> {
  const body = interactionBody(payload);
  const res = await h.inject({
    method: 'POST',
    url,
    headers: slackSignatureHeaders(SIGNING_SECRET, body, Math.floor(h.now.ms / 1000)),
    payload: body,
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

/** The person's top modal once it is there and `ready` says it is the one awaited. */
export function modalOf(h: Harness, user: string, ready: (v: FakeView) => boolean = () => true): Promise<FakeView> {
  return waitFor(
    async () => {
      const top = h.slack.viewsOf(user).modals.at(-1);
      return top && ready(top) ? top : null;
    },
    `a modal for ${user}`,
    10_000,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: Slack's view JSON, read loosely in assertions
type Json = Record<string, any>;

/** The block of a view with this block_id. */
export function blockOf(view: FakeView, blockId: string): Json | undefined {
  return view.blocks.find((b) => b.block_id === blockId) as Json | undefined;
}

/** The option values of a select in a view's block. */
export function optionValues(view: FakeView, blockId: string): string[] {
  return ((blockOf(view, blockId)?.element?.options ?? []) as Array<{ value: string }>).map((o) => o.value);
}
