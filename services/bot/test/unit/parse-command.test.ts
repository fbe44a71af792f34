import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCommand } from '../../src/commands/parse-command.js';

const D = { force: false, noop: false, params: {} };
const HINT = 'Try `/deploy help`.';

describe('parseCommand: valid commands', () => {
  it.each([
    ['', { action: 'help' }],
    ['help', { action: 'help' }],
    ['HELP', { action: 'help' }],
    ['   help   ', { action: 'help' }],
    ['api', { action: 'deploy', app: 'api', ...D }],
    ['deploy api', { action: 'deploy', app: 'api', ...D }],
    ['api/main', { action: 'deploy', app: 'api', ref: 'main', ...D }],
    ['api/feature-x to staging', { action: 'deploy', app: 'api', ref: 'feature-x', environment: 'staging', ...D }],
    ['api/feature/x in prod', { action: 'deploy', app: 'api', ref: 'feature/x', environment: 'prod', ...D }],
    ['api on staging', { action: 'deploy', app: 'api', environment: 'staging', ...D }],
    ['API TO Staging', { action: 'deploy', app: 'API', environment: 'Staging', ...D }],
    ['api/v1.2.3 to production', { action: 'deploy', app: 'api', ref: 'v1.2.3', environment: 'production', ...D }],
    ['api/0123abc to staging', { action: 'deploy', app: 'api', ref: '0123abc', environment: 'staging', ...D }],
    ['api to staging force', { action: 'deploy', app: 'api', environment: 'staging', ...D, force: true }],
    ['api to staging --force', { action: 'deploy', app: 'api', environment: 'staging', ...D, force: true }],
    ['api to staging noop', { action: 'deploy', app: 'api', environment: 'staging', ...D, noop: true }],
    ['api to staging dry-run', { action: 'deploy', app: 'api', environment: 'staging', ...D, noop: true }],
    ['api to staging task=migrate', { action: 'deploy', app: 'api', environment: 'staging', ...D, task: 'migrate' }],
    [
      'api to staging task traffic-split',
      { action: 'deploy', app: 'api', environment: 'staging', ...D, task: 'traffic-split' },
    ],
    [
      'api to staging params a=1 b=two',
      { action: 'deploy', app: 'api', environment: 'staging', ...D, params: { a: '1', b: 'two' } },
    ],
    ['api a=1', { action: 'deploy', app: 'api', ...D, params: { a: '1' } }],
    ['api to staging x=$(id)', { action: 'deploy', app: 'api', environment: 'staging', ...D, params: { x: '$(id)' } }],
    [
      'api/main to staging force noop task=migrate k=v',
      {
        action: 'deploy',
        app: 'api',
        ref: 'main',
        environment: 'staging',
        force: true,
        noop: true,
        task: 'migrate',
        params: { k: 'v' },
      },
    ],
    ['api\tto\tstaging', { action: 'deploy', app: 'api', environment: 'staging', ...D }],
    ['where api', { action: 'where', app: 'api' }],
    ['history api', { action: 'history', app: 'api' }],
    ['history api production', { action: 'history', app: 'api', environment: 'production' }],
    ['history api in production', { action: 'history', app: 'api', environment: 'production' }],
    ['stats api', { action: 'stats', app: 'api' }],
    ['stats api in production', { action: 'stats', app: 'api', environment: 'production' }],
    ['lock api staging', { action: 'lock', app: 'api', environment: 'staging', reason: '' }],
    [
      'lock api staging testing the migration',
      { action: 'lock', app: 'api', environment: 'staging', reason: 'testing the migration' },
    ],
    ['lock api on staging db work', { action: 'lock', app: 'api', environment: 'staging', reason: 'db work' }],
    [
      'lock api staging for 2h db work',
      { action: 'lock', app: 'api', environment: 'staging', reason: 'db work', duration_ms: 7_200_000 },
    ],
    [
      'lock api to staging for 30m',
      { action: 'lock', app: 'api', environment: 'staging', reason: '', duration_ms: 1_800_000 },
    ],
    ['lock api staging for the demo', { action: 'lock', app: 'api', environment: 'staging', reason: 'for the demo' }],
    ['unlock api staging', { action: 'unlock', app: 'api', environment: 'staging' }],
    ['locks', { action: 'locks' }],
    ['locks api', { action: 'locks', app: 'api' }],
    ['rollback api production', { action: 'rollback', app: 'api', environment: 'production' }],
    ['rollback api in production', { action: 'rollback', app: 'api', environment: 'production' }],
    ['destroy api review-feature-x', { action: 'destroy', app: 'api', environment: 'review-feature-x' }],
    ['destroy api/feature-x review', { action: 'destroy', app: 'api', ref: 'feature-x', environment: 'review' }],
    ['cancel api staging', { action: 'cancel', app: 'api', environment: 'staging' }],
    ['health api', { action: 'health', app: 'api' }],
    ['health api staging', { action: 'health', app: 'api', environment: 'staging' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });
});

describe('parseCommand: mistakes and hostile text', () => {
  it.each([
    ['help me', `\`help\` takes no arguments. ${HINT}`],
    ['; rm -rf /', `";" is not an app name. ${HINT}`],
    ['api; rm -rf /', `"api;" is not an app name. ${HINT}`],
    ['$(id)', `"$(id)" is not an app name. ${HINT}`],
    ['`id`', `"\`id\`" is not an app name. ${HINT}`],
    ['api/$(id) to staging', '"$(id)" is not a valid branch, tag or sha.'],
    ['api/../../etc/passwd to staging', '"../../etc/passwd" is not a valid branch, tag or sha.'],
    ['api/-rf to staging', '"-rf" is not a valid branch, tag or sha.'],
    ['api/--upload-pack=x', '"--upload-pack=x" is not a valid branch, tag or sha.'],
    ['api/ to staging', '"" is not a valid branch, tag or sha.'],
    ['api/main@{1}', '"main@{1}" is not a valid branch, tag or sha.'],
    ['api/a;b', '"a;b" is not a valid branch, tag or sha.'],
    ['api/<!channel>', '"&lt;!channel&gt;" is not a valid branch, tag or sha.'],
    ['../api', `"..." is not an app name. ${HINT}`.replace('...', '..')],
    ['api to', `"" is not an environment name. ${HINT}`],
    ['api to ../prod', `"../prod" is not an environment name. ${HINT}`],
    ['api to staging please', `I don't know the option "please". ${HINT}`],
    ['api to staging task=Bad;Task', `"Bad;Task" is not a task name (letters, digits, "-" or "_"). ${HINT}`],
    ['api to staging task', `"" is not a task name (letters, digits, "-" or "_"). ${HINT}`],
    ['api force=1', `"force" is not a parameter name. ${HINT}`],
    ['api 1x=2', `"1x" is not a parameter name. ${HINT}`],
    ['api to staging\u0000', `That command contains control characters. ${HINT}`],
    ['api\u001b[31m to staging', `That command contains control characters. ${HINT}`],
    ['api\r\nto staging', `That command contains control characters. ${HINT}`],
    ['x'.repeat(5000), `That command is too long (at most 1000 characters). ${HINT}`],
    ['where', `Usage: \`where APP\`. ${HINT}`],
    ['where api staging', `Usage: \`where APP\`. ${HINT}`],
    ['history', `Usage: \`history APP [ENV]\`. ${HINT}`],
    ['stats', `Usage: \`stats APP [ENV]\`. ${HINT}`],
    ['stats api production now', `Usage: \`stats APP [ENV]\`. ${HINT}`],
    ['lock api', `Usage: \`lock APP ENV [for DURATION] [reason]\`. ${HINT}`],
    ['lock api staging for 2 hours', `"2" is not a duration: use minutes, hours or days, like 30m, 2h or 1d. ${HINT}`],
    ['unlock api', `Usage: \`unlock APP ENV\`. ${HINT}`],
    ['unlock api staging now', `Usage: \`unlock APP ENV\`. ${HINT}`],
    ['rollback', `Usage: \`rollback APP ENV\`. ${HINT}`],
    ['cancel api', `Usage: \`cancel APP ENV\`. ${HINT}`],
    ['destroy api', `Usage: \`destroy APP[/BRANCH] ENV\`. ${HINT}`],
    ['locks a b', `Usage: \`locks [APP]\`. ${HINT}`],
    ['health', `Usage: \`health APP [ENV]\`. ${HINT}`],
    ['deploy', `Which app? Usage: \`APP[/REF] [to ENV]\`. ${HINT}`],
  ])('%j', (text, error) => {
    expect(parseCommand(text)).toEqual({ ok: false, error });
  });

  it('refuses an over-long reason', () => {
    expect(parseCommand(`lock api staging ${'r'.repeat(501)}`)).toEqual({
      ok: false,
      error: 'The reason is too long (at most 500 characters).',
    });
  });
});

describe('parseCommand: properties', () => {
  it('never throws, whatever the text, and always answers ok or an error string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc
            .array(
              fc.constantFrom('api', '/', 'to', 'staging', 'force', '=', '..', '-', '$(', ' ', '\t', 'lock', 'x=y'),
              { maxLength: 20 },
            )
            .map((a) => a.join('')),
        ),
        (text) => {
          const result = parseCommand(text);
          expect(
            result.ok === true || (result.ok === false && typeof result.error === 'string' && result.error.length > 0),
          ).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never lets a ref through that starts with "-" or contains ".." or a shell character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (ref) => {
        const result = parseCommand(`api/${ref} to staging`);
        if (result.ok && result.command.action === 'deploy' && result.command.ref) {
          expect(result.command.ref).not.toMatch(/^-|\.\.|[\s;$`|&<>(){}'"\\]/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
