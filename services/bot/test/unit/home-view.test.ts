import { describe, expect, it } from '@jest/globals';
import type { EnvironmentLock, HomeUpdateJob } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { homeActions, homeChannel, type HomeActionInput } from '../../src/home/home-actions.js';
import { environmentText, renderHomeView, type HomeEnvironment, type HomeModel } from '../../src/render/home-view.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const S = (ms: number) => Math.floor(ms / 1000);
const pretty = (ms: number) => `<!date^${S(ms)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;
const HOSTILE = 'x`y <!channel> & <@U0EVE|eve> *b*';

const deployment = (id: number, state: HomeUpdateJob['state'], over: Partial<HomeUpdateJob> = {}): HomeUpdateJob => ({
  app: 'api',
  repository: 'acme/api',
  environment: 'staging',
  github_environment: 'staging',
  deployment_id: id,
  status_id: id * 10,
  state,
  ref: 'main',
  sha: `${id}`.repeat(40).slice(0, 40),
  task: 'deploy',
  requester: { slack_user_id: 'U0ALICE', name: 'alice' },
  log_url: `https://ci.example/${id}`,
  created_at: new Date(T0 - 60_000).toISOString(),
  updated_at: new Date(T0 - 30_000).toISOString(),
  ...over,
});

const lock = (holder: string, reason = 'db migration'): EnvironmentLock => ({
  repository: 'acme/api',
  environment: 'staging',
  holder: { slack_user_id: holder, name: holder },
  reason,
  locked_at: new Date(T0 - 3_600_000).toISOString(),
  expires_at: new Date(T0 + 3_600_000).toISOString(),
});

const quiet: HomeEnvironment = {
  name: 'staging',
  production: false,
  deployments: [],
  lock: null,
  lockWaiting: [],
  freeze: { frozen: false, next: null },
  actions: [],
};

const model = (apps: HomeModel['apps'], hidden = 0): HomeModel => ({
  userId: 'U0BOB',
  apps,
  hidden,
  nowMs: T0,
  command: '/deploy',
});

describe('environmentText', () => {
  it('shows what runs there and now, the last failure, the waiting ones, the lock, its line, a freeze', () => {
    const env: HomeEnvironment = {
      ...quiet,
      production: true,
      deployments: [
        deployment(6, 'queued', { ref: 'feature-y', requester: { github_login: 'octocat' } }),
        deployment(5, 'pending', { ref: 'feature-x', requester: { slack_user_id: 'U0CAROL' } }),
        deployment(4, 'in_progress', { ref: 'hotfix', log_url: null }),
        deployment(3, 'failure', { ref: 'broken' }),
        deployment(2, 'success'),
        deployment(1, 'success', { ref: 'old' }),
      ],
      lock: lock('U0ALICE'),
      lockWaiting: [
        { holder: { slack_user_id: 'U0BOB', name: 'bob' }, reason: '', joined_at: new Date(T0).toISOString() },
        { holder: { slack_user_id: 'U0CAROL', name: 'carol' }, reason: '', joined_at: new Date(T0).toISOString() },
      ],
      freeze: {
        frozen: true,
        until: T0 + 7_200_000,
        by: {
          start: T0 - 60_000,
          end: T0 + 7_200_000,
          reason: 'release week',
          zone: 'UTC',
          origin: { kind: 'config' },
        },
        holding: [],
      },
    };
    const ago = `<!date^${S(T0 - 30_000)}^{ago}|${new Date(T0 - 30_000).toISOString()}>`;
    expect(environmentText(env)).toBe(
      [
        '*staging* (production)',
        `:white_check_mark: Runs \`main\` \`2222222\` · succeeded · <@U0ALICE> · ${ago} · <https://ci.example/2|log>`,
        `:arrows_counterclockwise: Now \`hotfix\` \`4444444\` · deploying · <@U0ALICE> · ${ago}`,
        `:x: Last try \`broken\` \`3333333\` · failed · <@U0ALICE> · ${ago} · <https://ci.example/3|log>`,
        ':hourglass_flowing_sand: Waiting to deploy: `feature-x` `5555555` by <@U0CAROL>, ' +
          '`feature-y` `6666666` by octocat',
        `:lock: Locked by <@U0ALICE> until ${pretty(T0 + 3_600_000)}: "db migration"`,
        '      Waiting for the lock: 1. <@U0BOB>, 2. <@U0CAROL>',
        `:snowflake: Frozen until ${pretty(T0 + 7_200_000)}: release week`,
      ].join('\n'),
    );
  });

  it('says when nothing was deployed, and names a branch environment', () => {
    expect(environmentText(quiet)).toBe('*staging*\n:grey_question: No deployment known here yet.');
    const review = environmentText({
      ...quiet,
      name: 'review',
      deployments: [deployment(9, 'success', { ref: 'feature-x', github_environment: 'review-feature-x' })],
    });
    expect(review).toContain('Runs `feature-x` `9999999` to review-feature-x · succeeded');
  });

  it('escapes every outside value: ref, names, lock reason, freeze reason, log url', () => {
    const text = environmentText({
      ...quiet,
      name: 'stg<!here>',
      deployments: [
        deployment(2, 'success', {
          ref: HOSTILE,
          requester: { slack_user_id: '<!channel>', name: HOSTILE },
          log_url: 'https://ci.example/a|<!channel>',
        }),
      ],
      lock: lock('<!everyone>', HOSTILE),
      freeze: {
        frozen: true,
        until: T0 + 1000,
        by: { start: T0, end: T0 + 1000, reason: HOSTILE, zone: 'UTC', origin: { kind: 'config' } },
        holding: [],
      },
    });
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0EVE/);
    expect(text).toContain("`x'y &lt;!channel&gt; &amp; &lt;@U0EVE|eve&gt; *b*`");
    expect(text).toContain('*stg&lt;!here&gt;*');
    expect(text).toContain('Locked by &lt;!everyone&gt; until');
    expect(text).toContain(': "x`y &lt;!channel&gt; &amp; &lt;@U0EVE|eve&gt; *b*"');
    expect(text).toContain('succeeded · x`y &lt;!channel&gt; &amp; &lt;@U0EVE|eve&gt; *b* · <!date^');
    expect(text).not.toContain('https://ci.example/a|');
  });
});

describe('renderHomeView', () => {
  it('an app with a read-only and an acting environment, and the apps not shown counted', () => {
    const view = renderHomeView(
      model(
        [
          {
            name: 'api',
            repository: 'acme/api',
            environments: [
              { ...quiet, actions: ['deploy', 'lock'] },
              { ...quiet, name: 'production', production: true },
            ],
          },
        ],
        2,
      ),
    );
    expect(view.type).toBe('home');
    expect(view.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Deployments' } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              `What runs where, as of ${pretty(T0)}. The buttons are what you may do there, ` +
              'checked again when you press them. `/deploy help` lists every command.',
          },
        ],
      },
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'api · acme/api' } },
      { type: 'section', text: { type: 'mrkdwn', text: environmentText(quiet) } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'open_deploy_dialog',
            text: { type: 'plain_text', text: 'Deploy…' },
            value: '{"app":"api","environment":"staging"}',
            style: 'primary',
          },
          {
            type: 'button',
            action_id: 'open_lock_dialog',
            text: { type: 'plain_text', text: 'Lock…' },
            value: '{"app":"api","environment":"staging"}',
          },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*production* (production)\n:grey_question: No deployment known here yet.',
        },
      },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '2 apps you may not deploy are not shown.' }] },
    ]);
  });

  it('names the buttons after the lock: wait for it, leave its line, cancel behind a confirmation', () => {
    const env: HomeEnvironment = {
      ...quiet,
      lock: lock('U0ALICE'),
      lockWaiting: [{ holder: { slack_user_id: 'U0BOB', name: 'bob' }, reason: '', joined_at: '' }],
      actions: ['unlock', 'cancel'],
    };
    const waiting = renderHomeView(model([{ name: 'api', repository: 'acme/api', environments: [env] }]));
    const [unlock, cancel] = (waiting.blocks[5] as { elements: Array<Record<string, unknown>> }).elements;
    expect(unlock!.text).toEqual({ type: 'plain_text', text: 'Leave the lock line' });
    expect(cancel).toMatchObject({
      action_id: 'chatops_home_cancel',
      style: 'danger',
      confirm: { confirm: { text: 'Cancel it' } },
    });
    const other = renderHomeView(
      model([{ name: 'api', repository: 'acme/api', environments: [{ ...env, lockWaiting: [], actions: ['lock'] }] }]),
    );
    expect((other.blocks[5] as { elements: Array<{ text: unknown }> }).elements[0]!.text).toEqual({
      type: 'plain_text',
      text: 'Wait for the lock…',
    });
  });

  it('stays within 100 blocks: the environments past them are counted in a last line', () => {
    const envs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...quiet, name: `env${i}`, actions: ['deploy' as const] }));
    const apps = Array.from({ length: 12 }, (_, i) => ({
      name: `app${i}`,
      repository: `acme/app${i}`,
      environments: envs(5),
    }));
    const view = renderHomeView(model(apps, 1));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    // 2 + 12 per app (a divider, a header, 5 × a section and its buttons): 8 apps make 98, the 9th's
    // first environment would leave no room for the closing divider and the line (100 in all).
    expect(view.blocks.length).toBe(100);
    expect(view.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            '…and 20 more environments of 4 apps not shown here: `/deploy where APP` shows any app. ' +
            '1 app you may not deploy is not shown.',
        },
      ],
    });
    const few = renderHomeView(model(apps.slice(0, 2)));
    expect(JSON.stringify(few)).not.toContain('more environment');
  });

  it('says so when there is no app to show', () => {
    expect(renderHomeView(model([], 3)).blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'There is no app you may deploy. 3 apps you may not deploy are not shown.' }],
    });
  });
});

describe('homeActions', () => {
  const config = parseAppsConfig(TEST_CONFIG);
  const input = (app: string, env: string, userId: string, over: Partial<HomeActionInput> = {}): HomeActionInput => ({
    resolved: {
      command: { action: 'deploy', app, environment: env, force: false, noop: false, params: {} },
      app: { name: app, app: config.apps[app]! },
      environment: { name: env, environment: config.apps[app]!.environments[env]! },
    },
    userId,
    groups: (id) => (id === 'S0OPS' ? ['U0CAROL'] : []),
    lock: null,
    lockWaiting: [],
    freeze: { frozen: false, next: null },
    deployments: [],
    ...over,
  });
  const actions = (i: HomeActionInput) => homeActions(i, homeChannel(config, i.resolved));

  it('offers only what the permission check allows', () => {
    expect(actions(input('api', 'staging', 'U0BOB'))).toEqual(['deploy', 'lock']);
    expect(actions(input('api', 'production', 'U0BOB'))).toEqual([]);
    expect(actions(input('api', 'production', 'U0CAROL'))).toEqual(['deploy', 'lock']);
    expect(actions(input('web', 'production', 'U0ALICE'))).toEqual([]);
    expect(actions(input('api', 'review', 'U0BOB'))).toEqual(['deploy']);
  });

  it("acts in the channel where the environment's messages go: none for web, which allows only C0WEB", () => {
    expect(homeChannel(config, input('web', 'staging', 'U0BOB').resolved)).toBe('C0DEPLOYS');
    expect(actions(input('web', 'staging', 'U0BOB'))).toEqual([]);
    expect(homeChannel(config, input('api', 'staging', 'U0BOB').resolved)).toBe('C0DEPLOYS');
    const open = parseAppsConfig(TEST_CONFIG.replace('allowed_channels: [C0WEB]', 'allowed_channels: [C0DEPLOYS]'));
    const web = input('web', 'staging', 'U0BOB');
    const resolved = { ...web.resolved, app: { name: 'web', app: open.apps.web! } };
    expect(homeActions({ ...web, resolved }, homeChannel(open, resolved))).toEqual(['deploy', 'lock']);
  });

  it('rollback after a success, cancel while one waits or runs', () => {
    const deployments = [deployment(3, 'in_progress'), deployment(2, 'success')];
    expect(actions(input('api', 'staging', 'U0BOB', { deployments }))).toEqual([
      'deploy',
      'rollback',
      'lock',
      'cancel',
    ]);
  });

  it('a lock: others wait for it, the holder and overriders unlock; a freeze stops all but overriders', () => {
    const deployments = [deployment(2, 'success')];
    expect(actions(input('api', 'staging', 'U0BOB', { lock: lock('U0ALICE'), deployments }))).toEqual(['lock']);
    expect(actions(input('api', 'staging', 'U0ALICE', { lock: lock('U0ALICE'), deployments }))).toEqual([
      'deploy',
      'rollback',
      'unlock',
    ]);
    const waiting = [{ holder: { slack_user_id: 'U0BOB', name: 'bob' }, reason: '', joined_at: '' }];
    expect(actions(input('api', 'staging', 'U0BOB', { lock: lock('U0CAROL'), lockWaiting: waiting }))).toEqual([
      'unlock',
    ]);
    // An overrider unlocks someone else's lock (no Deploy past it from Home).
    expect(actions(input('api', 'staging', 'U0ALICE', { lock: lock('U0BOB') }))).toEqual(['lock', 'unlock']);
    const freeze = {
      frozen: true as const,
      until: T0 + 1000,
      by: { start: T0, end: T0 + 1000, reason: 'r', zone: 'UTC', origin: { kind: 'config' as const } },
      holding: [],
    };
    expect(actions(input('api', 'staging', 'U0BOB', { freeze, deployments }))).toEqual(['lock']);
    expect(actions(input('api', 'staging', 'U0ALICE', { freeze, deployments }))).toEqual([
      'deploy',
      'rollback',
      'lock',
    ]);
  });
});
