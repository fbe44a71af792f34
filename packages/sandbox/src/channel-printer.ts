import type { FakeSlack, SlackCall } from '@chatops/testkit';
import { renderMessage } from './render-channel.js';

/**
 * Prints what a person in the channel sees, as it changes: each message posted, each update of a
 * message in place, each thread reply, and each private (ephemeral) answer.
 */
export class ChannelPrinter {
  private seenCalls = 0;
  private seenResponses = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly slack: FakeSlack,
    private readonly names: ReadonlyMap<string, string>,
    private readonly write: (s: string) => void = (s) => process.stdout.write(s),
  ) {}

  start(intervalMs = 100): void {
    this.timer = setInterval(() => this.flush(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush();
  }

  flush(): void {
    const calls = this.slack.calls.slice(this.seenCalls);
    this.seenCalls += calls.length;
    for (const call of calls) this.printCall(call);
    const responses = this.slack.responses.slice(this.seenResponses);
    this.seenResponses += responses.length;
    for (const r of responses) {
      const body = r.body as { text?: string; blocks?: unknown[]; response_type?: string };
      const who = body.response_type === 'in_channel' ? 'in channel' : 'only you can see this';
      this.block(`💬 (${who})`, renderMessage(body, this.names));
    }
  }

  private printCall(call: SlackCall): void {
    const { args } = call;
    if (call.method === 'chat.postMessage') {
      const title = args.thread_ts
        ? `↳ reply in thread`
        : `#${this.names.get(String(args.channel)) ?? String(args.channel)} new message`;
      this.block(`📨 ${title}`, renderMessage(args, this.names));
    } else if (call.method === 'chat.update') {
      this.block(`✏️  message updated in place`, renderMessage(args, this.names));
    } else if (call.method === 'chat.postEphemeral') {
      this.block(`💬 (only you can see this)`, renderMessage(args, this.names));
    }
  }

  private block(title: string, lines: string[]): void {
    const time = new Date().toISOString().slice(11, 19);
    this.write(`\n  ${time} ${title}\n${lines.map((l) => `    │ ${l}`).join('\n')}\n`);
  }
}
