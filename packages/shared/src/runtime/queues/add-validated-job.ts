import type { JobsOptions, Queue } from 'bullmq';
import type { z } from 'zod';
import { parseJob } from '../../contracts/jobs/parse-job.js';

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
