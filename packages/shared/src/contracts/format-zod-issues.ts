import type { z } from 'zod';

/** `apps.api.environments.prod.deployers[0]: Invalid input: expected string, received number` */
export function formatZodIssues(error: z.ZodError, root = ''): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([...(root ? [root] : []), ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
