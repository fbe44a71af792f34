import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../../contracts/errors.js';

export type Env = Record<string, string | undefined>;

/**
 * Parses a service's environment with its zod schema. A variable may also be given as a file:
 * `SLACK_BOT_TOKEN_FILE=/run/secrets/slack`. Every problem is reported at once, naming the
 * variable and never echoing a value.
 */
export function loadEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const resolved: Env = {};
  const problems: string[] = [];
  for (const key of Object.keys(schema.shape)) {
    const direct = env[key];
    const file = env[`${key}_FILE`];
    if (direct !== undefined && direct !== '') resolved[key] = direct;
    else if (file) {
      try {
        resolved[key] = readFileSync(file, 'utf8').trim();
      } catch {
        problems.push(`${key}_FILE points to ${file}, which cannot be read`);
      }
    }
  }
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (resolved[key] === undefined) problems.push(`missing required environment variable ${key}`);
      else problems.push(`environment variable ${key} is invalid: ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return (parsed as { data: z.infer<S> }).data;
}
