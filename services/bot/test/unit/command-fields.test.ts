import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../src/commands/parse-command.js';
import { readCommandFields, unescapeSlackText } from '../../src/routes/command-fields.js';

const form = (text: string) =>
  new URLSearchParams({
    user_id: 'U0ALICE',
    user_name: 'alice',
    channel_id: 'C0DEPLOYS',
    team_id: 'T0FAKE',
    trigger_id: '1.2.3',
    response_url: 'https://hooks.slack.com/commands/T0FAKE/1/x',
    command: '/deploy',
    text,
  });

describe('readCommandFields', () => {
  it('reads the command as the person typed it: Slack’s &amp; &lt; &gt; undone', () => {
    // What Slack sends for `/deploy api to staging note=a&b<c>`.
    const fields = readCommandFields(form('api to staging note=a&amp;b&lt;c&gt;'));
    expect(fields).toMatchObject({ ok: true, value: { text: 'api to staging note=a&b<c>' } });
    const parsed = parseCommand(fields.ok ? fields.value.text : '');
    expect(parsed).toMatchObject({ ok: true, command: { params: { note: 'a&b<c>' } } });
  });

  it('undoes each escape once, &amp; last (a typed "&lt;" stays "&lt;")', () => {
    expect(unescapeSlackText('&amp;lt; &lt;&gt; &amp;amp;')).toBe('&lt; <> &amp;');
  });

  it('refuses a form without text', () => {
    const f = form('x');
    f.delete('text');
    expect(readCommandFields(f)).toEqual({ ok: false, error: 'missing field text' });
  });
});
