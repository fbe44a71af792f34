import type { ChatCommandJob } from '@chatops/shared/contracts';
import { createLogger, parseAppsConfig } from '@chatops/shared/runtime';
import type { CommandContext, CommandDeps } from '../../src/handlers/command-context.js';
import type { SlackReply } from '../../src/ports.js';
import { createMemoryApprovals } from '../fakes/memory-approvals.js';
import { createMemoryConfirmations } from '../fakes/memory-confirmations.js';
import { createMemoryGroupCache } from '../fakes/memory-group-cache.js';
import { createMemoryButtonStore, createMemoryFreezeStore, createMemoryLockStore } from '@chatops/testkit';
import { createMemoryMarks } from '../fakes/memory-marks.js';
import { createMemoryMessageStore } from '../fakes/memory-message-store.js';
import { createMemoryNonces } from '../fakes/memory-nonces.js';
import { createRecordingProducer } from '../fakes/recording-producer.js';
import { createRecordingResponder } from '../fakes/recording-responder.js';
import { createRecordingSlack } from '../fakes/recording-slack.js';
import { createScriptedGitHub } from '../fakes/scripted-github.js';
import { TEST_CONFIG } from './test-config.js';

export const NOW = Date.parse('2026-05-01T12:00:00Z');

/** Every port of a command job in memory, each with what it holds or recorded. */
export function memoryPorts() {
  return {
    github: createScriptedGitHub(),
    slack: createRecordingSlack(),
    responder: createRecordingResponder(),
    producer: createRecordingProducer(),
    marks: createMemoryMarks(),
    confirmations: createMemoryConfirmations(),
    approvals: createMemoryApprovals(),
    groups: createMemoryGroupCache(),
    locks: createMemoryLockStore(),
    freezes: createMemoryFreezeStore(),
    messages: createMemoryMessageStore(),
    buttons: createMemoryButtonStore(),
    nonces: createMemoryNonces(),
  };
}

export type MemoryPorts = ReturnType<typeof memoryPorts>;

/** A deploy job of `api` to staging by U0ALICE in C0DEPLOYS, as the HTTP side enqueues it. */
export function commandJob(job: Partial<ChatCommandJob> = {}): ChatCommandJob {
  return {
    trigger_id: '1.2.trigger',
    team_id: 'T0FAKE',
    channel_id: 'C0DEPLOYS',
    requester: { slack_user_id: 'U0ALICE', name: 'alice' },
    response_url: 'https://hooks.slack.com/commands/T0FAKE/1/x',
    received_at: new Date(NOW).toISOString(),
    command: { action: 'deploy', app: 'api', environment: 'staging', force: false, noop: false, params: {} },
    ...job,
  };
}

/** A command job's context over in-memory ports (no I/O); the person's answers are kept in `replies`. */
export function commandContext(options: { job?: Partial<ChatCommandJob>; ports?: MemoryPorts; now?: { ms: number } }) {
  const ports = options.ports ?? memoryPorts();
  const now = options.now ?? { ms: NOW };
  const deps: CommandDeps = {
    config: parseAppsConfig(TEST_CONFIG),
    github: ports.github.github,
    slack: ports.slack.slack,
    responder: ports.responder.responder,
    producer: ports.producer.producer,
    marks: ports.marks.marks,
    confirmations: ports.confirmations.confirmations,
    approvals: ports.approvals.approvals,
    groups: ports.groups.groups,
    locks: ports.locks,
    freezes: ports.freezes,
    messages: ports.messages.messages,
    buttons: ports.buttons,
    nonces: ports.nonces.nonces,
    clock: { now: () => now.ms },
    command: '/deploy',
    payloadSecret: 'payload-secret-0123456789',
    githubApp: true,
  };
  const replies: SlackReply[] = [];
  const ctx: CommandContext = {
    job: commandJob(options.job),
    deps,
    log: createLogger({ name: 'bot', level: 'silent' }),
    reply: async (reply) => {
      replies.push(reply);
    },
    lastAttempt: false,
  };
  return { ctx, ports, replies, now };
}
