import type { AppsConfig, HealthCheckJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { HealthProbe, SlackPort } from '../ports.js';
import { renderProbeAnswer } from '../render/render-probe-answer.js';
import { answerRoute } from './answer-route.js';
import { resolveHealthTarget } from './resolve-health-target.js';

export type ProbeDeps = { config: AppsConfig; slack: SlackPort; probe: HealthProbe };

/** `health APP [ENV]` from the bot: probe now and answer the person who asked. */
export async function handleProbe(
  job: HealthCheckJob,
  enqueuedAt: number,
  deps: ProbeDeps,
  log: Logger,
): Promise<void> {
  const target = resolveHealthTarget(deps.config, job.app, job.environment);
  const body = renderProbeAnswer(
    target.ok ? { target: target.value, result: await deps.probe.probe(target.value.url) } : { problem: target.error },
  );
  const route = answerRoute(job.reply, enqueuedAt);
  if (route.kind === 'respond') return deps.slack.respond(route.target, body);
  if (route.kind === 'channel') {
    await deps.slack.postMessage(route.channel, { text: route.mention ? `${route.mention} ${body.text}` : body.text });
    return;
  }
  log.warn('a health probe job had nowhere to answer (no reply.response_url or reply.channel)');
}
