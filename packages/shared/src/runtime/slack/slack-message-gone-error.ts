import { BaseError } from '../../contracts/errors.js';

/** chat.update of a message that was deleted or cannot be updated any more: post a new one instead. */
export class SlackMessageGoneError extends BaseError<{ channel: string; ts: string; error: string }> {
  readonly code = 'chatops_slack_message_gone';
  readonly retryable = false;

  constructor(channel: string, ts: string, error: string) {
    super(`Slack message ${ts} in ${channel} cannot be updated (${error})`, { context: { channel, ts, error } });
  }
}
