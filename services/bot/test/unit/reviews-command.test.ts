import { describe, expect, it } from '@jest/globals';
import { chatCommandSchema } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { parseCommand } from '../../src/commands/parse-command.js';
import { resolveCommand } from '../../src/commands/resolve-command.js';
import { helpText } from '../../src/render/help-text.js';
import { describeCommand } from '../../src/render/describe-command.js';

const config = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    aliases: [backend]
    circleci: { project_slug: gh/acme/api }
    environments: { staging: {}, review: { transient: true } }
`);

describe('the reviews command', () => {
  it.each([
    ['reviews', { ok: true, command: { action: 'reviews' } }],
    ['REVIEWS backend', { ok: true, command: { action: 'reviews', app: 'backend' } }],
    ['reviews api web', { ok: false, error: 'Usage: `reviews [APP]`. Try `/deploy help`.' }],
    ['reviews <!here>', { ok: false, error: 'Usage: `reviews [APP]`. Try `/deploy help`.' }],
  ])('parses %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('resolves an alias to the app, and is a valid command job', () => {
    const parsed = parseCommand('reviews backend');
    if (!parsed.ok) throw new Error(parsed.error);
    const resolved = resolveCommand(config, parsed.command);
    expect(resolved).toMatchObject({ ok: true, value: { command: { action: 'reviews', app: 'api' } } });
    expect(chatCommandSchema.parse({ action: 'reviews', app: 'api' })).toEqual({ action: 'reviews', app: 'api' });
    expect(describeCommand({ action: 'reviews', app: 'api' })).toBe('review environments of api');
    expect(describeCommand({ action: 'reviews' })).toBe('review environments');
  });

  it('is in the help text', () => {
    expect(helpText(config, '/deploy', 'U0ALICE', () => null)).toContain(
      '• `/deploy reviews [APP]` the live per-branch (review) environments: age, last deploy, expiry',
    );
  });
});
