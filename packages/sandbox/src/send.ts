#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slackSignatureHeaders, slashCommandBody } from '@chatops/testkit';

// `npm run send -- "api/main to staging" [--as bob]`: sends a slash command to the running demo,
// signed as Slack would; the demo's terminal shows what happens in the channel.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const asIndex = args.indexOf('--as');
const who = asIndex >= 0 ? (args.splice(asIndex, 2)[1] ?? 'alice') : 'alice';
const text = args.join(' ').replace(/^\/deploy\s*/, '');

let state: { bot: string; signingSecret: string; responseBase: string };
try {
  state = JSON.parse(readFileSync(resolve(ROOT, '.chatops-demo', 'state.json'), 'utf8'));
} catch {
  process.stderr.write('[send] no demo is running: start one with `npm run demo` first\n');
  process.exit(1);
}
const users: Record<string, string> = { alice: 'U0ALICE', bob: 'U0BOB' };
const body = slashCommandBody({
  text,
  user_id: users[who] ?? 'U0ALICE',
  user_name: who,
  channel_id: 'C0DEPLOYS',
  response_url: `${state.responseBase}/response/${randomUUID()}`,
});
const res = await fetch(`${state.bot}/slack/commands`, {
  method: 'POST',
  headers: slackSignatureHeaders(state.signingSecret, body),
  body,
});
process.stdout.write(`${res.status} ${await res.text()}\n`);
