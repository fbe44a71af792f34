import type { z } from 'zod';
import { JobDataError } from '../errors.js';
import { formatZodIssues } from '../format-zod-issues.js';

/** Parses job data with its schema; bad data throws a JobDataError (fail at once, no retry). */
export function parseJob<S extends z.ZodType>(schema: S, queue: string, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new JobDataError(queue, formatZodIssues(parsed.error));
  return parsed.data;
}
