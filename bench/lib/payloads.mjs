// Request bodies for the intake benchmarks. Every request is a distinct delivery, as in production:
// a fresh X-GitHub-Delivery and a fresh deployment id (so heaven's dedupe key and job are new each
// time), signed per request; a fresh trigger_id per slash command. The same stream goes to every
// competitor.
import { createHmac, randomUUID } from 'node:crypto';
import { deploymentEvent, repositoryObject, slashCommandBody } from '@chatops/testkit';

const SENTINEL = 987654321987;

/** A real `deployment` webhook (from @octokit/webhooks-examples) for a repository in the config. */
export function webhookTemplate(repository) {
  const [owner, name] = repository.split('/');
  const event = deploymentEvent(
    { id: SENTINEL, environment: 'staging', ref: 'main', task: 'deploy', payload: {} },
    repositoryObject({ owner, name }),
  );
  const text = JSON.stringify(event);
  const parts = text.split(String(SENTINEL));
  if (parts.length !== 2) throw new Error('[bench] the deployment id sentinel must occur exactly once');
  return { before: parts[0], after: parts[1], bytes: Buffer.byteLength(text) };
}

/** An autocannon `requests` entry that sends a new signed delivery each time. */
export function webhookRequests(template, secret, firstId) {
  let next = firstId;
  return [
    {
      method: 'POST',
      path: '/webhooks/github',
      setupRequest(req) {
        const id = next++;
        const body = template.before + id + template.after;
        return {
          ...req,
          body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'GitHub-Hookshot/bench',
            'x-github-event': 'deployment',
            // GitHub's delivery ids are GUIDs; heaven refuses anything else.
            'x-github-delivery': randomUUID(),
            'x-github-hook-id': '1',
            'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
          },
        };
      },
    },
  ];
}

/** An autocannon `requests` entry that sends a new signed slash command each time. */
export function slashRequests(secret, { apps, responseUrl }) {
  let n = 0;
  const run = randomUUID().slice(0, 8);
  return [
    {
      method: 'POST',
      path: '/slack/commands',
      setupRequest(req) {
        n += 1;
        const body = slashCommandBody({
          text: `${apps[n % apps.length]} to staging`,
          response_url: responseUrl,
          trigger_id: `${run}.${n}`,
        });
        const ts = Math.floor(Date.now() / 1000);
        const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
        return {
          ...req,
          body,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': signature,
          },
        };
      },
    },
  ];
}
