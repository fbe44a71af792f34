import { escapeMrkdwn, parseDuration } from '@chatops/shared/contracts';

/**
 * The words after `lock APP ENV`: `[for DURATION] [reason…]`. A `for` followed by a word that starts with a
 * digit must be a duration (`30m`, `2h`, `1d`, `1h30m`); any other `for` starts the reason ("for the demo"). Pure.
 */
export function parseLockDuration(
  words: string[],
): { ok: true; reason: string; duration_ms?: number } | { ok: false; error: string } {
  const [first, second] = words;
  if (first?.toLowerCase() !== 'for' || second === undefined || !/^\d/.test(second))
    return { ok: true, reason: words.join(' ') };
  const ms = parseDuration(second);
  if (ms === null)
    return {
      ok: false,
      error:
        `"${escapeMrkdwn(second.slice(0, 20))}" is not a duration: ` +
        'use minutes, hours or days, like 30m, 2h or 1d.',
    };
  return { ok: true, reason: words.slice(2).join(' '), duration_ms: ms };
}
