import type { FakeSlack } from '../../src/index.js';
import type { Json } from '../../src/json.js';

/** A Web API call to the fake Slack as @slack/web-api makes it: a form body, nested values as JSON strings. */
export async function slackFormCall(
  slack: FakeSlack,
  token: string,
  method: string,
  args: Record<string, unknown>,
): Promise<Json> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const res = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return (await res.json()) as Json;
}
