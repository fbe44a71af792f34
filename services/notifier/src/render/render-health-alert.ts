import { escapeCut, formatDuration, link } from '@chatops/shared/contracts';
import type { MonitorAlert, MonitorState } from '../health/monitor-transition.js';
import { probeVerdict } from '../health/probe-verdict.js';
import type { HealthTarget } from '../health/resolve-health-target.js';
import type { ProbeResult, SlackMessageBody } from '../ports.js';

/** A monitor's change of state, for the environment's channel (names and the verdict escaped and cut). */
export function renderHealthAlert(
  target: HealthTarget,
  alert: Exclude<MonitorAlert, null>,
  result: ProbeResult,
  prev: MonitorState | null,
  now: number,
): SlackMessageBody {
  const name = escapeCut(`${target.app} ${target.environment}`, 200);
  const check = link(target.url, 'health check');
  const verdict = escapeCut(probeVerdict(result), 500);
  let text: string;
  let mrkdwn: string;
  if (alert === 'recovered') {
    const downFor = prev?.since ? ` after ${formatDuration(now - prev.since)} down` : '';
    text = `${name} recovered${downFor}: ${verdict}`;
    mrkdwn = `:large_green_circle: *${name} recovered*${downFor}: ${verdict} (${check})`;
  } else if (alert === 'down') {
    const failures = prev ? prev.failures + 1 : 1;
    text = `${name} is down: ${verdict}`;
    mrkdwn = `:red_circle: *${name} is down*: ${verdict}, ${failures} failed checks in a row (${check})`;
  } else {
    const downFor = prev?.since ? ` for ${formatDuration(now - prev.since)}` : '';
    text = `${name} is still down${downFor}: ${verdict}`;
    mrkdwn = `:red_circle: *${name} is still down*${downFor}: ${verdict} (${check})`;
  }
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }] };
}
