import type { MessageRef } from '@chatops/shared/contracts';
import type { ReplyTarget, SlackMessageBody, SlackPort } from '../../src/ports.js';

type Sent =
  | { method: 'postMessage'; channel: string; body: SlackMessageBody; ts: string }
  | { method: 'updateMessage'; channel: string; ts: string; body: SlackMessageBody }
  | { method: 'respond'; target: ReplyTarget; body: SlackMessageBody };

/** A SlackPort that records what the notifier sends and answers like Slack would. */
export class RecordingSlack implements SlackPort {
  readonly sent: Sent[] = [];
  private seq = 0;

  async postMessage(channel: string, body: SlackMessageBody): Promise<MessageRef> {
    this.seq += 1;
    const ts = `1700000000.${String(this.seq).padStart(6, '0')}`;
    this.sent.push({ method: 'postMessage', channel, body, ts });
    return { channel, ts };
  }

  async updateMessage(ref: MessageRef, body: SlackMessageBody): Promise<void> {
    this.sent.push({ method: 'updateMessage', channel: ref.channel, ts: ref.ts, body });
  }

  async respond(target: ReplyTarget, body: SlackMessageBody): Promise<void> {
    this.sent.push({ method: 'respond', target, body });
  }
}
