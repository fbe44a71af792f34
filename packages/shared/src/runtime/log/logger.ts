import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Paths pino replaces with `[redacted]` wherever they appear in a log object. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["circleci-signature"]',
  'req.headers["circle-token"]',
  'response_url',
  '*.response_url',
  'secret',
  '*.secret',
  'password',
  '*.password',
];

export type CreateLoggerOptions = {
  name: string;
  level?: string;
  /** Secret values that must never reach a log line, whatever the path they hide in. */
  secrets?: Array<string | undefined>;
  destination?: pino.DestinationStream;
};

/** A JSON pino logger with secret redaction, by path and by value. */
export function createLogger({ name, level = 'info', secrets = [], destination }: CreateLoggerOptions): Logger {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (values.length > 0) {
    // The forms to look for are worked out once, not on every line.
    const forms = secretForms(values);
    options.hooks = { streamWrite: (line: string) => scrubForms(line, forms) };
  }
  return primitivesPastWildcardRedaction(destination ? pino(options, destination) : pino(options));
}

type Stringifier = (value: unknown, stringifySafe?: unknown) => string | undefined;

/**
 * pino hands every top-level value of a line (and of a child's bindings) to the redactor of the
 * `*.x` paths, a string or a number too, where no path can match: each needs an object. @pinojs/redact
 * still parses its paths and copies on every call: about 5 µs and 7.5 KB of garbage a line of four
 * fields (docs/BENCHMARKS.md, Round 5). A string, number or boolean is written as that redactor
 * writes it (`JSON.stringify`); objects, arrays and anything else still go through it. Children
 * inherit it (their stringifiers are the parent's unless they set their own `redact`).
 */
function primitivesPastWildcardRedaction(logger: Logger): Logger {
  const stringifiers = (logger as unknown as Record<symbol, Record<symbol, Stringifier | undefined> | undefined>)[
    pino.symbols.stringifiersSym
  ];
  const redactAll = stringifiers?.[pino.symbols.wildcardFirstSym];
  if (!stringifiers || typeof redactAll !== 'function') return logger;
  stringifiers[pino.symbols.wildcardFirstSym] = (value, stringifySafe) =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? JSON.stringify(value)
      : redactAll(value, stringifySafe);
  return logger;
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  return scrubForms(line, secretForms(secrets));
}

/** Each secret as it is, then as it appears inside a JSON string when that differs (escaped quotes, backslashes). */
function secretForms(secrets: readonly string[]): string[] {
  const forms: string[] = [];
  for (const secret of secrets) {
    forms.push(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) forms.push(escaped);
  }
  return forms;
}

function scrubForms(line: string, forms: readonly string[]): string {
  let out = line;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}
