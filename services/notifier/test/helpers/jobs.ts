import type { AppsConfig, NotificationJob } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

export const SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const PREVIOUS_SHA = 'a10867b14bb761a232cd80139fbd4c0d33264240';

export type StatusJobInput = {
  deploymentId?: number;
  statusId: number;
  state: NotificationJob['status']['state'];
  at?: string;
  payload?: unknown;
  environment?: string;
  repository?: string;
  ref?: string;
  task?: string;
  logUrl?: string | null;
  environmentUrl?: string | null;
  description?: string | null;
  creator?: string;
  production?: boolean;
};

/** A `deployment-status` job as heaven produces it from a deployment_status webhook. */
export function statusJob(input: StatusJobInput): NotificationJob {
  const created = '2026-11-26T10:00:00Z';
  return {
    delivery_id: `delivery-${input.statusId}`,
    repository: input.repository ?? 'acme/api',
    sender: input.creator ?? 'octocat',
    deployment: {
      id: input.deploymentId ?? 145988746,
      sha: SHA,
      ref: input.ref ?? 'feature-x',
      task: input.task ?? 'deploy',
      environment: input.environment ?? 'staging',
      description: null,
      payload: input.payload ?? {},
      creator: { login: input.creator ?? 'octocat' },
      created_at: created,
      transient_environment: false,
      production_environment: input.production ?? false,
    },
    status: {
      id: input.statusId,
      state: input.state,
      description: input.description ?? null,
      environment_url: input.environmentUrl ?? null,
      log_url: input.logUrl ?? null,
      target_url: null,
      created_at: input.at ?? created,
      creator: { login: 'chatops-heaven[bot]' },
    },
  };
}

/** payload.chatops as the bot writes it. */
export function chatopsPayload(extra: Record<string, unknown> = {}, slack?: { channel: string; ts?: string }) {
  return {
    chatops: {
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U0ALICE', name: 'alice' },
      ...(slack ? { slack } : {}),
      params: {},
      noop: false,
      forced: false,
      rollback_of: null,
      ...extra,
    },
  };
}

/** An apps config with channels per environment; health checks pointed at `healthUrl`. */
export function testConfig(healthUrl = 'http://127.0.0.1:9/healthz'): AppsConfig {
  return parseAppsConfig(`
defaults: { environment: staging, channel: C0DEFAULT }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    channel: C0APP
    environments:
      staging: { channel: C0STAGING, health_check: ${healthUrl} }
      production: { production: true, channel: C0PROD, health_check: ${healthUrl} }
      qa: {}
  web:
    repository: acme/web
    circleci: { project_slug: gh/acme/web }
    environments:
      staging: {}
`);
}
