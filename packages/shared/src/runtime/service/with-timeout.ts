/**
 * `promise`, or a rejection with `message` once `ms` have passed (the promise itself goes on). For
 * a request path that must answer in time whatever Redis does: Slack waits 3 s for a slash
 * command, GitHub 10 s for a webhook, and a queue whose connection never became ready waits forever.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
