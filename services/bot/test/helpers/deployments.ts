import { randomBytes } from 'node:crypto';
import { signChatopsPayload, verifyChatopsPayload } from '@chatops/shared/contracts';
import { GITHUB_TOKEN, PAYLOAD_SECRET, type Harness } from './harness.js';

/** The chatops object a deployment made outside the bot carries: unsigned, so it names no one. */
export const UNSIGNED_CHATOPS = {
  version: 1 as const,
  app: 'api',
  requester: { slack_user_id: 'U0BOB', name: 'Bob' },
};

/** A deployment's task (default `deploy`), and whether the bot signed its chatops object (with a branch). */
export type DeployOptions = { task?: string; signed?: { branch?: string } };

/** A deployment of acme/api made straight on the fake GitHub, with statuses; its `chatops` signed when `signed`. */
export async function deployOnGitHub(
  h: Harness,
  ref: string,
  environment: string,
  states: string[],
  opts: DeployOptions = {},
): Promise<number> {
  const task = opts.task ?? 'deploy';
  const chatops = opts.signed
    ? signChatopsPayload(
        {
          ...UNSIGNED_CHATOPS,
          ...(opts.signed.branch ? { branch: opts.signed.branch } : {}),
          nonce: randomBytes(16).toString('hex'),
        },
        { repository: 'acme/api', environment, ref, task },
        PAYLOAD_SECRET,
      )
    : UNSIGNED_CHATOPS;
  const res = await postToGitHub(h, '/repos/acme/api/deployments', {
    ref,
    environment,
    task,
    required_contexts: [],
    auto_merge: false,
    payload: { chatops },
  });
  const { id } = (await res.json()) as { id: number };
  for (const state of states) await postToGitHub(h, `/repos/acme/api/deployments/${id}/statuses`, { state });
  return id;
}

/** A POST to the fake GitHub with the bot's token. */
export function postToGitHub(h: Harness, path: string, body: unknown): Promise<Response> {
  return fetch(`${h.github.url}${path}`, {
    method: 'POST',
    headers: { authorization: `token ${GITHUB_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The chatops object of a deployment of acme/api the bot created, as heaven would verify it. */
export function signedChatopsOf(d: Record<string, unknown>) {
  const target = {
    repository: 'acme/api',
    environment: String(d.environment),
    ref: String(d.ref),
    task: String(d.task),
  };
  const trust = verifyChatopsPayload(d.payload, target, PAYLOAD_SECRET);
  if (trust.kind !== 'signed') throw new Error(`not signed: ${JSON.stringify(trust)}`);
  return trust.chatops;
}
