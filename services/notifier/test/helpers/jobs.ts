import {
  signChatopsPayload,
  type AppsConfig,
  type ChatopsPayload,
  type NotificationJob,
  type SignedFor,
} from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

/** CHATOPS_PAYLOAD_SECRET of the tests: what the bot signs with. */
export const PAYLOAD_SECRET = 'test-chatops-payload-secret';

export const SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const PREVIOUS_SHA = 'a10867b14bb761a232cd80139fbd4c0d33264240';

export type StatusJobInput = {
  deploymentId?: number;
  statusId: number;
  state: NotificationJob['status']['state'];
  at?: string;
  payload?: unknown;
  /** payload.chatops as the bot writes it, signed for this job's deployment (ignored when `payload` is given). */
  chatops?: ChatopsInput;
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
  const deploymentId = input.deploymentId ?? 145988746;
  const target: SignedFor = {
    repository: input.repository ?? 'acme/api',
    environment: input.environment ?? 'staging',
    ref: input.ref ?? 'feature-x',
    task: input.task ?? 'deploy',
  };
  const payload =
    input.payload ?? (input.chatops ? { chatops: signedChatops(input.chatops, target, deploymentId) } : {});
  return {
    delivery_id: `delivery-${input.statusId}`,
    repository: input.repository ?? 'acme/api',
    sender: input.creator ?? 'octocat',
    deployment: {
      id: deploymentId,
      sha: SHA,
      ref: target.ref,
      task: target.task,
      environment: target.environment,
      description: null,
      payload,
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

export type ChatopsInput = {
  slack?: { channel: string; ts?: string };
  noop?: boolean;
  forced?: boolean;
  rollback_of?: number | null;
  requester?: { slack_user_id: string; name: string };
};

/** The bot's chatops object for a deployment: signed with PAYLOAD_SECRET, one nonce per deployment id. */
export function signedChatops(
  input: ChatopsInput = {},
  target: SignedFor = { repository: 'acme/api', environment: 'staging', ref: 'feature-x', task: 'deploy' },
  deploymentId = 145988746,
  secret = PAYLOAD_SECRET,
): ChatopsPayload {
  return signChatopsPayload(
    {
      version: 1,
      app: 'api',
      requester: input.requester ?? { slack_user_id: 'U0ALICE', name: 'alice' },
      ...(input.slack ? { slack: input.slack } : {}),
      params: {},
      noop: input.noop ?? false,
      forced: input.forced ?? false,
      rollback_of: input.rollback_of ?? null,
      nonce: deploymentId.toString(16).padStart(32, '0'),
    },
    target,
    secret,
  );
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
