import { escapeCut, link } from '@chatops/shared/contracts';
import { probeVerdict } from '../health/probe-verdict.js';
import type { HealthTarget } from '../health/resolve-health-target.js';
import type { ProbeResult, SlackMessageBody } from '../ports.js';

/** What a person who asked `health APP [ENV]` learns: a probe's verdict, or why there was no probe. */
export type ProbeAnswer = { target: HealthTarget; result: ProbeResult } | { problem: string };

/** The answer, with every name (including what the person typed) escaped and cut. */
export function renderProbeAnswer(answer: ProbeAnswer): SlackMessageBody {
  if ('problem' in answer) return { text: `:warning: ${escapeCut(answer.problem, 2000)}` };
  const { target, result } = answer;
  const emoji = result.healthy ? ':large_green_circle:' : ':red_circle:';
  const name = escapeCut(`${target.app} ${target.environment}`, 200);
  return {
    text: `${emoji} *${name}*: ${escapeCut(probeVerdict(result), 500)} (${link(target.url, 'health check')})`,
  };
}
