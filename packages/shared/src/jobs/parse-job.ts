import type { Queue, JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { JobDataError } from '../errors.js';
import { formatZodIssues } from '../format-zod-issues.js';

/** Parses job data with its schema; bad data throws a JobDataError (fail at once, no retry). */
export function parseJob<S extends z.ZodType>(schema: S, queue: string, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new JobDataError(queue, formatZodIssues(parsed.error));
  return parsed.data;
}

/** Validates job data with its schema before it is stored, then adds it. Returns the job id. */
export async function addValidatedJob<S extends z.ZodType>(
  queue: Queue,
  schema: S,
  name: string,
  data: z.input<S>,
  opts: JobsOptions,
): Promise<string> {
  const parsed = parseJob(schema, queue.name, data);
  const job = await queue.add(name, parsed, opts);
  return job.id ?? String(opts.jobId);
}
