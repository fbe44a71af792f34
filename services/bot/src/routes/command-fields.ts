export type CommandFields = {
  user_id: string;
  user_name: string;
  channel_id: string;
  team_id: string;
  trigger_id: string;
  response_url: string;
  command: string;
  text: string;
};

const REQUIRED = ['user_id', 'channel_id', 'team_id', 'trigger_id', 'response_url', 'command'] as const;

/** The fields of a slash command form, or what is wrong with it. */
export function readCommandFields(
  form: URLSearchParams,
): { ok: true; value: CommandFields } | { ok: false; error: string } {
  for (const key of REQUIRED) {
    const v = form.get(key);
    if (!v || v.length > 500) return { ok: false, error: `missing or invalid field ${key}` };
  }
  if (!isHttpUrl(form.get('response_url')!)) return { ok: false, error: 'invalid field response_url' };
  const text = form.get('text');
  if (text === null) return { ok: false, error: 'missing field text' };
  return {
    ok: true,
    value: {
      user_id: form.get('user_id')!,
      user_name: form.get('user_name') ?? '',
      channel_id: form.get('channel_id')!,
      team_id: form.get('team_id')!,
      trigger_id: form.get('trigger_id')!,
      response_url: form.get('response_url')!,
      command: form.get('command')!,
      text: unescapeSlackText(text),
    },
  };
}

/**
 * Slack escapes `&`, `<` and `>` in what a person typed (`&amp;`, `&lt;`, `&gt;`); the command is
 * parsed from what they typed (`key=a&b` is `a&b`, not `a&amp;b`). Everything echoed back is escaped again.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
