import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../src/commands/parse-command.js';
import { resolveUntil } from '../../src/commands/parse-until.js';

const HINT = 'Try `/deploy help`.';

describe('parseCommand: freeze, unfreeze, freezes', () => {
  it.each([
    [
      'freeze api production until 2h db migration',
      { action: 'freeze', app: 'api', environment: 'production', until: '2h', reason: 'db migration' },
    ],
    ['freeze api until fri 16:00 release', { action: 'freeze', app: 'api', until: 'fri 16:00', reason: 'release' }],
    [
      'freeze api in prod until 2026-12-24 18:00 holidays',
      { action: 'freeze', app: 'api', environment: 'prod', until: '2026-12-24 18:00', reason: 'holidays' },
    ],
    [
      'freeze api prod until 2026-12-24T18:00+01:00 x',
      { action: 'freeze', app: 'api', environment: 'prod', until: '2026-12-24T18:00+01:00', reason: 'x' },
    ],
    ['unfreeze api', { action: 'unfreeze', app: 'api' }],
    ['unfreeze api production', { action: 'unfreeze', app: 'api', environment: 'production' }],
    ['freezes', { action: 'freezes' }],
    ['freezes api', { action: 'freezes', app: 'api' }],
  ])('%s', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['freeze api production 2h x', `Usage: \`freeze APP [ENV] until TIME REASON\`. ${HINT}`],
    [
      'freeze api until soon x',
      `I cannot read the time after \`until\`. Usage: \`freeze APP [ENV] until TIME REASON\`. ${HINT}`,
    ],
    ['freeze api until 2h', `A freeze needs a reason. Usage: \`freeze APP [ENV] until TIME REASON\`. ${HINT}`],
    ['unfreeze api production now', `Usage: \`unfreeze APP [ENV]\`. ${HINT}`],
    ['freezes api web', `Usage: \`freezes [APP]\`. ${HINT}`],
  ])('%s → %s', (text, error) => {
    expect(parseCommand(text)).toEqual({ ok: false, error });
  });

  it('force takes the words after it that are no option as its reason', () => {
    expect(parseCommand('api to prod force noop hotfix INC-42 k=v')).toEqual({
      ok: true,
      command: {
        action: 'deploy',
        app: 'api',
        environment: 'prod',
        force: true,
        force_reason: 'hotfix INC-42',
        noop: true,
        params: { k: 'v' },
      },
    });
    expect(parseCommand('api to prod hotfix force')).toEqual({
      ok: false,
      error: `I don't know the option "hotfix". ${HINT}`,
    });
  });
});

describe('resolveUntil', () => {
  // Saturday 2026-12-05, 13:00 in Oslo.
  const now = Date.parse('2026-12-05T12:00:00Z');
  const at = (until: string, zone = 'Europe/Oslo') => {
    const r = resolveUntil(until, zone, now);
    return r.ok ? new Date(r.ms).toISOString() : r.error;
  };

  it('reads durations, times of day, weekdays, dates and instants in the zone', () => {
    expect(at('90m')).toBe('2026-12-05T13:30:00.000Z');
    expect(at('1d12h')).toBe('2026-12-07T00:00:00.000Z');
    expect(at('18:00')).toBe('2026-12-05T17:00:00.000Z');
    expect(at('08:00')).toBe('2026-12-06T07:00:00.000Z');
    expect(at('mon 08:00')).toBe('2026-12-07T07:00:00.000Z');
    expect(at('sat')).toBe('2026-12-11T23:00:00.000Z');
    expect(at('2026-12-24')).toBe('2026-12-23T23:00:00.000Z');
    expect(at('2026-12-24 18:00', 'UTC')).toBe('2026-12-24T18:00:00.000Z');
    expect(at('2026-12-24T18:00')).toBe('2026-12-24T17:00:00.000Z');
    expect(at('2026-12-24T18:00Z')).toBe('2026-12-24T18:00:00.000Z');
  });

  it('refuses a time past or too far', () => {
    expect(at('2026-12-05 12:00')).toBe('2026-12-05 12:00 (Europe/Oslo) is already past.');
    expect(at('2027-06-01')).toBe('A freeze from chat ends within 90 days.');
  });
});
