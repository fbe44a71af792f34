/** A message as the notifier sends it: a plain-text fallback and Block Kit blocks. */
export type SlackMessageBody = {
  text: string;
  blocks?: unknown[];
  /** Reply in this message's thread. */
  thread_ts?: string;
};

export type SlackMessageRef = { channel: string; ts: string };

/**
 * Slack, as the notifier needs it. Implementations throw ExternalApiError (retryable for 429, 5xx
 * and network errors, with retryAfterMs for 429) or SlackMessageGoneError on an update of a
 * message that no longer exists.
 */
export type SlackPort = {
  postMessage(channel: string, body: SlackMessageBody): Promise<SlackMessageRef>;
  updateMessage(ref: SlackMessageRef, body: SlackMessageBody): Promise<void>;
  /** Answers a person through a slash command's response_url (ephemeral). */
  respond(responseUrl: string, body: SlackMessageBody): Promise<void>;
};

/** The outcome of one health probe. */
export type ProbeResult = {
  healthy: boolean;
  /** The final HTTP status, when there was an answer. */
  status?: number;
  latencyMs: number;
  /** Why it failed without an HTTP answer: timeout, refused, too many redirects… */
  error?: string;
};

/** Probes one URL (from the config only). Never throws. */
export type HealthProbe = {
  probe(url: string): Promise<ProbeResult>;
};

export type Clock = { now(): number };
