import { slackHeaders, slash, type Case } from './corpus.js';

/** A shell's `${IFS}` (a space, to a shell), as an attacker would put it in a ref. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input, a shell variable, not a JS template
const IFS = '${IFS}';
/** `k0=v k1=v … k20=v`: one parameter more than a command may carry. */
const TWENTY_ONE_PARAMS = Array.from({ length: 21 }, (_, i) => `k${i}=v`).join(' ');

/** Signed, well-formed commands a person could type that must be refused with an ephemeral answer, nothing queued. */
export const COMMANDS: Array<{
  name: string;
  text: string;
  user?: string;
  channel?: string;
  answer: string;
  prefix?: boolean;
}> = [
  {
    name: 'hostile ref: ; rm -rf /',
    text: 'api/; rm -rf / to staging',
    answer: '";" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: ;rm -rf /',
    text: `api/;rm${IFS}-rf${IFS}/`,
    answer: `";rm${IFS}-rf${IFS}/" is not a valid branch, tag or sha.`,
  },
  { name: 'hostile ref: $(id)', text: 'api/$(id) to staging', answer: '"$(id)" is not a valid branch, tag or sha.' },
  { name: 'hostile ref: backticks', text: 'api/`id` to staging', answer: '"`id`" is not a valid branch, tag or sha.' },
  {
    name: 'hostile ref: ../../',
    text: 'api/../../etc/passwd to staging',
    answer: '"../../etc/passwd" is not a valid branch, tag or sha.',
  },
  { name: 'hostile ref: ..', text: 'api/.. to staging', answer: '".." is not a valid branch, tag or sha.' },
  {
    name: 'hostile ref: a..b',
    text: 'api/main..evil to staging',
    answer: '"main..evil" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: --upload-pack',
    text: `api/--upload-pack=touch${IFS}/tmp/pwned to staging`,
    answer: `"--upload-pack=touch${IFS}/tmp/pwned" is not a valid branch, tag or sha.`,
  },
  { name: 'hostile ref: -c option', text: 'api/-c to staging', answer: '"-c" is not a valid branch, tag or sha.' },
  { name: 'hostile ref: pipe', text: 'api/main|id to staging', answer: '"main|id" is not a valid branch, tag or sha.' },
  {
    name: 'hostile ref: &&',
    text: 'api/main&&id to staging',
    answer: '"main&amp;&amp;id" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: redirect',
    text: 'api/main>/etc/passwd to staging',
    answer: '"main&gt;/etc/passwd" is not a valid branch, tag or sha.',
  },
  { name: 'hostile ref: @{', text: 'api/main@{1} to staging', answer: '"main@{1}" is not a valid branch, tag or sha.' },
  { name: 'hostile ref: caret', text: 'api/HEAD^ to staging', answer: '"HEAD^" is not a valid branch, tag or sha.' },
  {
    name: 'hostile ref: colon',
    text: 'api/main:secrets to staging',
    answer: '"main:secrets" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: backslash',
    text: 'api/main\\\\evil to staging',
    answer: '"main\\\\evil" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: double slash',
    text: 'api/feature//x to staging',
    answer: '"feature//x" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: Slack mention',
    text: 'api/<!channel> to staging',
    answer: '"&lt;!channel&gt;" is not a valid branch, tag or sha.',
  },
  {
    name: 'hostile ref: 300 characters',
    text: `api/${'a'.repeat(300)} to staging`,
    answer: `"${'a'.repeat(100)}" is not a valid branch, tag or sha.`,
  },
  { name: 'hostile app: ; rm -rf /', text: '; rm -rf /', answer: '";" is not an app name. Try `/deploy help`.' },
  { name: 'hostile app: $(id)', text: '$(id) to staging', answer: '"$(id)" is not an app name. Try `/deploy help`.' },
  {
    name: 'hostile environment: ../../',
    text: 'api to ../../etc',
    answer: '"../../etc" is not an environment name. Try `/deploy help`.',
  },
  {
    name: 'hostile environment: $(id)',
    text: 'api to $(id)',
    answer: '"$(id)" is not an environment name. Try `/deploy help`.',
  },
  {
    name: 'hostile param key',
    text: 'api to staging $(id)=1',
    answer: '"$(id)" is not a parameter name. Try `/deploy help`.',
  },
  {
    name: 'param key starting with a digit',
    text: 'api to staging 1abc=x',
    answer: '"1abc" is not a parameter name. Try `/deploy help`.',
  },
  {
    name: 'param value of 600 characters',
    text: `api to staging note=${'x'.repeat(600)}`,
    answer: 'The value of note is too long (at most 512 characters). Try `/deploy help`.',
  },
  {
    name: '21 params',
    text: `api to staging ${TWENTY_ONE_PARAMS}`,
    answer: 'At most 20 parameters. Try `/deploy help`.',
  },
  {
    name: 'unknown app',
    text: 'nope to staging',
    answer: 'I don\'t know an app called "nope". Known apps: api, vault.',
  },
  {
    name: 'unknown app with a ref',
    text: 'NOPE/main',
    answer: 'I don\'t know an app called "NOPE". Known apps: api, vault.',
  },
  {
    name: 'unknown app, Slack broadcast',
    text: '<!channel>',
    answer: '"&lt;!channel&gt;" is not an app name. Try `/deploy help`.',
  },
  {
    name: 'unknown app, user mention',
    text: '<@U0ALICE> to staging',
    answer: '"&lt;@U0ALICE&gt;" is not an app name. Try `/deploy help`.',
  },
  {
    name: 'unknown environment',
    text: 'api to nowhere',
    answer: 'api has no environment called "nowhere". Its environments: staging, production (prod), review.',
  },
  {
    name: 'unknown environment, near an alias',
    text: 'api to prd',
    answer: 'api has no environment called "prd". Its environments: staging, production (prod), review.',
  },
  {
    name: 'unknown environment for where',
    text: 'history api nowhere',
    answer: 'api has no environment called "nowhere". Its environments: staging, production (prod), review.',
  },
  {
    name: 'unknown app for lock',
    text: 'lock nope staging',
    answer: 'I don\'t know an app called "nope". Known apps: api, vault.',
  },
  {
    name: '5,000-character text',
    text: `api ${'x'.repeat(4996)}`,
    answer: 'That command is too long (at most 1000 characters). Try `/deploy help`.',
  },
  {
    name: '5,000 spaces then a command',
    text: `${' '.repeat(4990)}api`,
    answer: 'That command is too long (at most 1000 characters). Try `/deploy help`.',
  },
  {
    name: 'control character NUL',
    text: 'api\u0000 to staging',
    answer: 'That command contains control characters. Try `/deploy help`.',
  },
  {
    name: 'control character BEL',
    text: 'api to staging\u0007',
    answer: 'That command contains control characters. Try `/deploy help`.',
  },
  {
    name: 'ANSI escape',
    text: '\u001b[31mapi to staging',
    answer: 'That command contains control characters. Try `/deploy help`.',
  },
  {
    name: 'right-to-left override',
    text: 'api/\u202emain to staging',
    answer: '"\u202emain" is not a valid branch, tag or sha.',
  },
  {
    name: 'zero-width space in the app',
    text: 'a\u200bpi to staging',
    answer: '"a\u200bpi" is not an app name. Try `/deploy help`.',
  },
  {
    name: 'full-width letters',
    text: '\uff41\uff50\uff49 to staging',
    answer: '"\uff41\uff50\uff49" is not an app name. Try `/deploy help`.',
  },
  {
    name: 'Cyrillic look-alike app',
    text: '\u0430pi to staging',
    answer: '"\u0430pi" is not an app name. Try `/deploy help`.',
  },
  {
    name: 'combining characters',
    text: 'api/ma\u0301in to staging',
    answer: '"ma\u0301in" is not a valid branch, tag or sha.',
  },
  {
    name: 'emoji ref',
    text: 'api/\ud83d\ude80 to staging',
    answer: '"\ud83d\ude80" is not a valid branch, tag or sha.',
  },
  {
    name: 'replacement character',
    text: 'api/\ufffd to staging',
    answer: '"\ufffd" is not a valid branch, tag or sha.',
  },
  {
    name: 'unknown verb-like word',
    text: 'sudo deploy api',
    answer: 'I don\'t know the option "deploy". Try `/deploy help`.',
  },
  {
    name: 'production, not a deployer',
    text: 'api to production',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'production alias, not a deployer',
    text: 'backend to PROD',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'rollback production, not a deployer',
    text: 'rollback api production',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'lock production, not a deployer',
    text: 'lock api production',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'cancel production, not a deployer',
    text: 'cancel api production',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'force production, not a deployer',
    text: 'api to production force',
    answer: 'You may not deploy to production. Those who may: <@U0ALICE>.',
  },
  {
    name: 'app limited to another channel',
    text: 'vault to staging',
    answer: 'vault can only be deployed from <#C0VAULT>.',
  },
  {
    name: 'destroy without a branch',
    text: 'destroy api review',
    answer: 'Which branch? Use `destroy api/BRANCH review` or `destroy api review-BRANCH`.',
  },
];

export function commandTextCases(secret: string): Case[] {
  return COMMANDS.map(({ name, text, user, channel, answer, prefix }) => {
    const body = slash(text, {
      ...(user ? { user_id: user, user_name: user.toLowerCase() } : {}),
      ...(channel ? { channel_id: channel } : {}),
    });
    return {
      surface: 'POST /slack/commands (text)',
      name,
      service: 'bot',
      path: '/slack/commands',
      headers: slackHeaders(secret, body),
      body,
      expect: prefix
        ? { status: 200, text: answer }
        : { status: 200, body: { response_type: 'ephemeral', text: answer } },
    };
  });
}
