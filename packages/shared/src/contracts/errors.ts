/**
 * Base of every error this project throws on purpose. `code` is namespaced
 * (`heaven_ci_trigger_failed`), `retryable` tells a worker whether BullMQ should try again.
 */
export abstract class BaseError<TContext extends Record<string, unknown> = Record<string, unknown>> extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly context: TContext | undefined;

  constructor(message: string, options: { cause?: unknown; context?: TContext } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A configuration or environment problem: the process cannot start. */
export class ConfigError extends BaseError<{ problems: string[] }> {
  readonly code = 'chatops_config_invalid';
  readonly retryable = false;
  readonly problems: string[];

  /** `source`: where the problems are, e.g. the config file's path (none for the environment). */
  constructor(problems: string[], source?: string) {
    super(`${source ? `${source}: ` : ''}${problems.join('; ')}`, { context: { problems } });
    this.problems = problems;
  }
}

/** Job data that does not match its schema: never heals on retry. */
export class JobDataError extends BaseError<{ queue: string; problems: string[] }> {
  readonly code = 'chatops_job_data_invalid';
  readonly retryable = false;

  constructor(queue: string, problems: string[]) {
    super(`invalid job data on queue ${queue}: ${problems.join('; ')}`, { context: { queue, problems } });
  }
}

/** A failure of an external API: `retryable` for network errors, 5xx and 429; not for 4xx. */
export class ExternalApiError extends BaseError<{
  api: string;
  status?: number;
  retryAfterMs?: number;
  /** The API's own code for its answer, e.g. Slack's `channel_not_found`. */
  apiCode?: string;
}> {
  readonly code: string;
  readonly retryable: boolean;

  constructor(
    api: string,
    message: string,
    options: { status?: number; retryable: boolean; retryAfterMs?: number; apiCode?: string; cause?: unknown },
  ) {
    super(message, {
      cause: options.cause,
      context: { api, status: options.status, retryAfterMs: options.retryAfterMs, apiCode: options.apiCode },
    });
    this.code = `chatops_${api}_api_error`;
    this.retryable = options.retryable;
  }

  get status(): number | undefined {
    return this.context?.status;
  }

  get apiCode(): string | undefined {
    return this.context?.apiCode;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
