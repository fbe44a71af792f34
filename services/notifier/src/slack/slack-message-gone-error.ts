import { BaseError } from '@chatops/shared/contracts';

/** chat.update on a message that was deleted or cannot be updated: post a new one instead. */
export class SlackMessageGoneError extends BaseError<{ channel: string; ts: string; error: string }> {
  readonly code = 'notifier_slack_message_gone';
  readonly retryable = false;

  constructor(channel: string, ts: string, error: string) {
    super(`[notifier] Slack message ${ts} in ${channel} cannot be updated (${error})`, {
      context: { channel, ts, error },
    });
  }
}
