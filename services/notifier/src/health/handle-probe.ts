import type { AppsConfig, HealthCheckJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { HealthProbe, SlackMessageBody, SlackPort } from '../ports.js';
import { escapeMrkdwn, link } from '@chatops/shared/contracts';
import { probeVerdict } from './probe-verdict.js';
import { resolveHealthTarget } from './resolve-health-target.js';

export type ProbeDeps = { config: AppsConfig; slack: SlackPort; probe: HealthProbe };

/** `health APP [ENV]` from the bot: probe now and answer the person who asked. */
export async function handleProbe(job: HealthCheckJob, deps: ProbeDeps, log: Logger): Promise<void> {
  const target = resolveHealthTarget(deps.config, job.app, job.environment);
  let body: SlackMessageBody;
  if (!target.ok) {
    body = { text: `:warning: ${escapeMrkdwn(target.error)}` };
  } else {
    const result = await deps.probe.probe(target.value.url);
    const emoji = result.healthy ? ':large_green_circle:' : ':red_circle:';
    const name = `${target.value.app} ${target.value.environment}`;
    body = {
      text:
        `${emoji} *${escapeMrkdwn(name)}*: ${escapeMrkdwn(probeVerdict(result))} ` +
        `(${link(target.value.url, 'health check')})`,
    };
  }
  const reply = job.reply;
  if (reply?.response_url) return deps.slack.respond(reply.response_url, body);
  if (reply?.channel) {
    const mention = reply.user_id ? `<@${reply.user_id}> ` : '';
    await deps.slack.postMessage(reply.channel, { text: `${mention}${body.text}` });
    return;
  }
  log.warn('[notifier] a health probe job had nowhere to answer (no reply.response_url or reply.channel)');
}
