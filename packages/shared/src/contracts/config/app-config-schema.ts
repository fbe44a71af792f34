import { z } from 'zod';
import { defaultLockSettings, environmentLockSettings, LOCK_DEFAULTS } from './lock-settings.js';
import { freezeSchema, timeZoneSchema } from './freeze-schema.js';
import { approvalSchema } from './approval-schema.js';
import { protectionRuleSchema } from './protection-rule-schema.js';
import { slackPrincipal } from './slack-principal.js';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected a lowercase name of letters, digits, ".", "_" or "-"');
const slackChannel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id (C…, G… or D…)');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const environmentConfigSchema = z
  .object({
    aliases: z.array(name).default([]),
    /** The live URL, sent as the deployment status's `environment_url`. */
    url: httpUrl.optional(),
    /** Probed after each successful deployment and by the monitors. */
    health_check: httpUrl.optional(),
    production: z.boolean().default(false),
    /** Commit-status contexts GitHub must see green; default: all of them. */
    required_contexts: z.array(z.string()).optional(),
    /** Slack user or user-group ids; empty = everyone (except production: nobody). */
    deployers: z.array(slackPrincipal).default([]),
    /** Who may unlock someone else's lock or force past checks here. */
    overriders: z.array(slackPrincipal).default([]),
    /** A button press before the deployment is created. */
    confirm: z.boolean().default(false),
    /** The two-person rule: N approvers approve in the channel before the deployment is created. */
    approval: approvalSchema.optional(),
    /** How GitHub Actions runs waiting at this environment are answered (the custom deployment protection rule). */
    protection_rule: protectionRuleSchema.optional(),
    /** Ephemeral environments: `<name>-<branch-slug>` per branch. */
    transient: z.boolean().default(false),
    /** A transient environment's branch environments are torn down after this long without a deployment (72). */
    ttl_hours: z
      .number()
      .positive()
      .max(90 * 24)
      .optional(),
    /** Where this environment's messages go; defaults to the app's channel. */
    channel: slackChannel.optional(),
    /** Deploy the default branch's head when it turns green. */
    auto_deploy: z.boolean().default(false),
    timeout_minutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
    /** Deploys here are refused while one of these holds (see freeze-schema.ts). */
    freezes: z.array(freezeSchema).default([]),
    ...environmentLockSettings,
    /** After a success here, a Promote button deploys the same sha to this environment of the app. */
    promote_to: name.optional(),
    /** After a rollback here, the environment is locked to whoever rolled back; default: `defaults`'. */
    lock_after_rollback: z.boolean().optional(),
  })
  .strict();

/** CircleCI takes 100 parameters; chatops sends 7 of its own (`chatops_*`). */
const CONFIGURED_PARAMETERS_MAX = 93;

export const circleciProviderSchema = z
  .object({
    project_slug: z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, 'expected a project slug like gh/acme/api'),
    /** Sent with every pipeline; CircleCI's limits: names ≤ 128 characters, values ≤ 512. */
    parameters: z
      .record(z.string().max(128), z.union([z.string().max(512), z.number(), z.boolean()]))
      .superRefine((parameters, ctx) => {
        const names = Object.keys(parameters);
        for (const name of names.filter((n) => n.startsWith('chatops_'))) {
          ctx.addIssue({ code: 'custom', path: [name], message: "the chatops_ parameters are chatops' own" });
        }
        if (names.length > CONFIGURED_PARAMETERS_MAX) {
          ctx.addIssue({
            code: 'custom',
            message: `expected at most ${CONFIGURED_PARAMETERS_MAX} parameters (CircleCI takes 100, chatops sends 7)`,
          });
        }
      })
      .default({}),
    /** Branch to run the pipeline on; default: the deployment's ref. */
    branch: z.string().optional(),
  })
  .strict();

export const githubActionsProviderSchema = z
  .object({
    /** The workflow file name (deploy.yml) or its numeric id. */
    workflow: z.union([z.string().min(1), z.number().int().positive()]),
    /** The ref to dispatch on; default: the deployment's ref. */
    ref: z.string().optional(),
  })
  .strict();

export const shellProviderSchema = z
  .object({
    /** An argument list, never a shell string. */
    command: z.array(z.string().min(1)).min(1),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const appConfigSchema = z
  .object({
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
    aliases: z.array(name).default([]),
    provider: z.enum(['circleci', 'github-actions', 'shell']).default('circleci'),
    circleci: circleciProviderSchema.optional(),
    github_actions: githubActionsProviderSchema.optional(),
    shell: shellProviderSchema.optional(),
    /** Where deploy messages go when no person asked in a channel. */
    channel: slackChannel.optional(),
    /** If set, commands for this app are accepted only in these channels. */
    allowed_channels: z.array(slackChannel).default([]),
    timeout_minutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
    environments: z.record(name, environmentConfigSchema).refine((envs) => Object.keys(envs).length > 0, {
      message: 'expected at least one environment',
    }),
    /** Freezes of every environment of this app (or of those its `environments` names). */
    freezes: z.array(freezeSchema).default([]),
  })
  .strict()
  .superRefine((app, ctx) => {
    const key = app.provider === 'github-actions' ? 'github_actions' : app.provider;
    if (!app[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: `expected a ${key} section for provider ${app.provider}` });
    }
  });

export const appsConfigSchema = z
  .object({
    defaults: z
      .object({
        environment: name.default('staging'),
        timeout_minutes: z
          .number()
          .positive()
          .max(24 * 60)
          .default(30),
        channel: slackChannel.optional(),
        /** Commands a person may send per minute before "slow down". */
        rate_limit_per_minute: z.number().int().positive().default(10),
        /** The zone of freezes that name none, and of the times people type (`freeze … until 18:00`). */
        time_zone: timeZoneSchema.default('UTC'),
        ...defaultLockSettings,
        /** After a rollback, the environment is locked to whoever rolled back ("rolled back #N"). */
        lock_after_rollback: z.boolean().default(true),
      })
      .strict()
      .default({
        environment: 'staging',
        timeout_minutes: 30,
        rate_limit_per_minute: 10,
        time_zone: 'UTC',
        ...LOCK_DEFAULTS,
        lock_after_rollback: true,
      }),
    /** Freezes of every app (or of the environments their `environments` name). */
    freezes: z.array(freezeSchema).default([]),
    apps: z.record(name, appConfigSchema).refine((apps) => Object.keys(apps).length > 0, {
      message: 'expected at least one app',
    }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    for (const [appName, app] of Object.entries(config.apps)) {
      for (const n of [appName, ...app.aliases]) {
        const other = seen.get(n);
        if (other && other !== appName) {
          ctx.addIssue({
            code: 'custom',
            path: ['apps', appName, 'aliases'],
            message: `"${n}" already names app ${other}`,
          });
        }
        seen.set(n, appName);
      }
      checkEnvironmentNames(appName, app, ctx);
      checkPromoteTargets(appName, app, ctx);
      checkFreezeEnvironments(['apps', appName], app.freezes, Object.keys(app.environments), ctx);
      for (const [envName, env] of Object.entries(app.environments)) {
        if (env.auto_deploy && env.approval)
          ctx.addIssue({
            code: 'custom',
            path: ['apps', appName, 'environments', envName, 'auto_deploy'],
            message: 'an environment with `approval` cannot auto-deploy: nobody would be asked',
          });
        if (env.ttl_hours !== undefined && !env.transient)
          ctx.addIssue({
            code: 'custom',
            path: ['apps', appName, 'environments', envName, 'ttl_hours'],
            message: 'only a transient environment expires: set `transient: true` or remove `ttl_hours`',
          });
        env.freezes.forEach((f, i) => {
          if (f.environments)
            ctx.addIssue({
              code: 'custom',
              path: ['apps', appName, 'environments', envName, 'freezes', i, 'environments'],
              message: "an environment's freeze is its own: `environments` belongs to a top-level or an app's freeze",
            });
        });
      }
    }
    const allEnvironments = Object.values(config.apps).flatMap((a) => Object.keys(a.environments));
    checkFreezeEnvironments([], config.freezes, allEnvironments, ctx);
    checkSharedRepositories(config.apps, ctx);
  });

type Issues = { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void };

/** Names and aliases of an app's environments: unique, and never inside a transient environment's `NAME-…` space. */
function checkEnvironmentNames(appName: string, app: z.infer<typeof appConfigSchema>, ctx: Issues): void {
  const envSeen = new Map<string, string>();
  const transient = Object.entries(app.environments)
    .filter(([, e]) => e.transient)
    .map(([name]) => name);
  for (const [envName, env] of Object.entries(app.environments)) {
    for (const n of [envName, ...env.aliases]) {
      const other = envSeen.get(n);
      const path = ['apps', appName, 'environments', envName, ...(n === envName ? [] : ['aliases'])];
      if (other && other !== envName) {
        ctx.addIssue({ code: 'custom', path, message: `"${n}" already names environment ${other}` });
      }
      envSeen.set(n, envName);
      const space = transient.find((t) => t !== envName && n.startsWith(`${t}-`));
      if (space) {
        ctx.addIssue({
          code: 'custom',
          path,
          message:
            `"${n}" is inside the names of the transient environment ${space} (${space}-<branch>): ` +
            'a branch could deploy there; rename it',
        });
      }
    }
  }
}

/** A `promote_to` names another, non-transient environment of the same app (by its name). */
function checkPromoteTargets(appName: string, app: z.infer<typeof appConfigSchema>, ctx: Issues): void {
  for (const [envName, env] of Object.entries(app.environments)) {
    const target = env.promote_to;
    if (target === undefined) continue;
    const path = ['apps', appName, 'environments', envName, 'promote_to'];
    const message =
      target === envName
        ? 'an environment cannot promote to itself'
        : !app.environments[target]
          ? `app ${appName} has no environment called "${target}"`
          : app.environments[target].transient
            ? `${target} is transient (one per branch): a sha cannot be promoted there`
            : null;
    if (message) ctx.addIssue({ code: 'custom', path, message });
  }
}

/** The `environments` a freeze names exist (a typo would leave an environment unfrozen). */
function checkFreezeEnvironments(
  path: PropertyKey[],
  freezes: Array<{ environments?: string[] }>,
  known: string[],
  ctx: Issues,
): void {
  freezes.forEach((f, i) => {
    for (const [j, n] of (f.environments ?? []).entries()) {
      if (!known.includes(n))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'freezes', i, 'environments', j],
          message: `no environment is called "${n}"`,
        });
    }
  });
}

/**
 * Apps that share a repository must not share an environment name: a deployment made outside chat
 * (GitHub's UI, auto-deploy) names only the repository and the environment, so it could not tell
 * the apps apart.
 */
function checkSharedRepositories(apps: Record<string, z.infer<typeof appConfigSchema>>, ctx: Issues): void {
  const owners = new Map<string, string>();
  for (const [appName, app] of Object.entries(apps)) {
    for (const [envName, env] of Object.entries(app.environments)) {
      for (const n of [envName, ...env.aliases]) {
        const key = `${app.repository.toLowerCase()} ${n}`;
        const other = owners.get(key);
        if (other && other !== appName) {
          ctx.addIssue({
            code: 'custom',
            path: ['apps', appName, 'environments', envName],
            message:
              `app ${other} already deploys ${app.repository} to "${n}": a deployment of ${app.repository} ` +
              `to ${n} could not tell the two apps apart; give one of them another environment name`,
          });
        }
        owners.set(key, appName);
      }
    }
  }
}

export type AppsConfig = z.infer<typeof appsConfigSchema>;
export type AppConfig = z.infer<typeof appConfigSchema>;
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
