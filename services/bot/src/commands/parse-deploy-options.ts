import { escapeMrkdwn } from '@chatops/shared/contracts';

export type DeployOptions = {
  force: boolean;
  /** The words after `force` that are no option: why (needed to deploy during a freeze). */
  force_reason?: string;
  noop: boolean;
  task?: string;
  params: Record<string, string>;
};

const TASK = /^[a-z0-9][a-z0-9_-]{0,40}$/;
const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const RESERVED = new Set(['force', 'noop', 'task', 'params']);
const MAX_PARAMS = 20;

type Parsed = { ok: true; value: DeployOptions } | { ok: false; error: string };

/**
 * The options after `APP[/REF] [to ENV]`: `force` (and after it, in words that are no option, its
 * reason), `noop`, `task=NAME`, `params` and `key=value` pairs.
 */
export function parseDeployOptions(words: string[]): Parsed {
  const value: DeployOptions = { force: false, noop: false, params: {} };
  const reason: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (lower === 'force' || lower === '--force' || lower === '!') value.force = true;
    else if (lower === 'noop' || lower === '--noop' || lower === 'dry-run') value.noop = true;
    else if (lower === 'params') continue;
    else if (lower === 'task' || lower.startsWith('task=')) {
      const task = lower === 'task' ? (words[++i] ?? '') : word.slice(5);
      if (!TASK.test(task))
        return { ok: false, error: `"${clip(task)}" is not a task name (letters, digits, "-" or "_").` };
      value.task = task;
    } else if (word.includes('=')) {
      const eq = word.indexOf('=');
      const key = word.slice(0, eq);
      const v = word.slice(eq + 1);
      if (!PARAM_KEY.test(key) || RESERVED.has(key.toLowerCase()))
        return { ok: false, error: `"${clip(key)}" is not a parameter name.` };
      if (v.length > 512) return { ok: false, error: `The value of ${key} is too long (at most 512 characters).` };
      value.params[key] = v;
      if (Object.keys(value.params).length > MAX_PARAMS)
        return { ok: false, error: `At most ${MAX_PARAMS} parameters.` };
    } else if (value.force) {
      reason.push(word);
    } else {
      return { ok: false, error: `I don't know the option "${clip(word)}".` };
    }
  }
  if (reason.length > 0) value.force_reason = reason.join(' ');
  if ((value.force_reason?.length ?? 0) > 500)
    return { ok: false, error: 'The reason is too long (at most 500 characters).' };
  return { ok: true, value };
}

function clip(text: string): string {
  return escapeMrkdwn(text.slice(0, 60));
}
