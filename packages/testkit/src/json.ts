/**
 * A JSON object as the fakes see it: a request body a service sent them, or a webhook payload from
 * @octokit/webhooks-examples. The fakes and the tests read deep into these (`d.payload.chatops.slack.ts`,
 * `message.history[0].blocks`) and pass them on as they came; their shape is whatever the service under
 * test sent, which is what the tests check. Typing them `unknown` would put a cast on every read.
 */
// biome-ignore lint/suspicious/noExplicitAny: bodies of any shape, read deep and passed on as sent (see above)
export type Json = Record<string, any>;
