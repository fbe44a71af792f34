import type { FakeDeployment, FakePipeline, FakeStatus, Refusal, SlackMessage } from '@chatops/testkit';
import { renderMessage } from './render-channel.js';

export type Check = { name: string; ok: boolean; detail: string };

export const FINAL_STATES = ['success', 'failure', 'error'] as const;
const LABEL: Record<string, RegExp> = { success: /succeeded/i, failure: /failed/i, error: /errored/i };

export type ChaosRecord = {
  commands: number;
  deployments: FakeDeployment[];
  statusesOf: (id: number) => FakeStatus[];
  pipelines: FakePipeline[];
  topMessages: SlackMessage[];
  /** Failed jobs per queue, with BullMQ's failedReason. */
  failedJobs: Array<{ queue: string; id: string; reason: string }>;
};

export const finalOf = (statuses: FakeStatus[]): FakeStatus | undefined =>
  statuses.find((s) => (FINAL_STATES as readonly string[]).includes(s.state));
/** Whether a Slack message shows a deployment's final state (the notifier's words for it). */
export const showsState = (m: SlackMessage, state: string): boolean =>
  (LABEL[state] ?? /$^/).test([m.text, ...renderMessage(m)].join('\n'));
const runOf = (d: FakeDeployment): string => String(d.payload?.chatops?.params?.run ?? '');
const envKey = (d: FakeDeployment): string => `${d.repository} ${d.environment}`;

function firstFailures<T>(items: T[], show: (t: T) => string, max = 5): string {
  return items.length === 0
    ? ''
    : `: ${items.slice(0, max).map(show).join('; ')}${items.length > max ? ` … (${items.length} in all)` : ''}`;
}

/** The five promises of the chaos run, each checked on what the fakes recorded. */
export function checkChaos(r: ChaosRecord): Check[] {
  const byRun = new Map<string, FakeDeployment[]>();
  for (const d of r.deployments) byRun.set(runOf(d), [...(byRun.get(runOf(d)) ?? []), d]);
  const missing = Array.from({ length: r.commands }, (_, i) => String(i)).filter((k) => !byRun.has(k));
  const doubled = [...byRun.entries()].filter(([, ds]) => ds.length > 1);
  const notFinal = r.deployments.filter((d) => !finalOf(r.statusesOf(d.id)));

  const pipelinesOf = (id: number) => r.pipelines.filter((p) => Number(p.parameters.chatops_deployment_id) === id);
  // A trigger whose answer was lost (connection dropped, worker killed) may or may not have started
  // a pipeline: heaven never triggers again and ends it in error saying so. Those are counted apart.
  const unknown = (d: FakeDeployment) =>
    pipelinesOf(d.id).length === 0 &&
    finalOf(r.statusesOf(d.id))?.state === 'error' &&
    /cannot tell whether it started/.test(String(finalOf(r.statusesOf(d.id))?.description));
  const wrongPipelines = r.deployments.filter((d) => pipelinesOf(d.id).length !== 1 && !unknown(d));
  const ambiguous = r.deployments.filter(unknown);

  const messageOf = (d: FakeDeployment) =>
    r.topMessages.filter(
      (m) => m.ts === d.payload?.chatops?.slack?.ts && m.channel === d.payload?.chatops?.slack?.channel,
    );
  const badMessages = r.deployments.filter((d) => {
    const msgs = messageOf(d);
    const final = finalOf(r.statusesOf(d.id));
    if (msgs.length !== 1 || !final) return true;
    return !showsState(msgs[0]!, final.state);
  });
  const extraMessages = r.topMessages.length - r.deployments.length;
  const named = new Set(
    r.deployments.map((d) => `${d.payload?.chatops?.slack?.channel} ${d.payload?.chatops?.slack?.ts}`),
  );
  const strays = r.topMessages.filter((m) => !named.has(`${m.channel} ${m.ts}`));

  const overlaps = findOverlaps(r);
  const noReason = r.failedJobs.filter((j) => !j.reason.trim());

  // How each kind of failure is shown in a check's detail.
  const showDoubled = ([k, ds]: [string, FakeDeployment[]]) => `run ${k}: ${ds.map((d) => d.id).join(',')}`;
  const showStates = (d: FakeDeployment) =>
    r
      .statusesOf(d.id)
      .map((s) => s.state)
      .join('>');
  const showPipelines = (d: FakeDeployment) =>
    `#${d.id}: ${pipelinesOf(d.id).length} (${finalOf(r.statusesOf(d.id))?.description ?? 'no final status'})`;
  const showStray = (m: SlackMessage) => `stray ${m.ts}: "${m.text.slice(0, 100)}" (${m.updates} updates)`;
  const showBadMessage = (d: FakeDeployment) =>
    `#${d.id}: ${messageOf(d).length} message(s), final ${finalOf(r.statusesOf(d.id))?.state ?? 'none'}, ` +
    `statuses ${showStates(d)}, ` +
    `shows "${(messageOf(d)[0]?.text ?? '').slice(0, 140)}" after ${messageOf(d)[0]?.updates ?? 0} updates`;
  const showFailedJob = (j: ChaosRecord['failedJobs'][number]) => `${j.queue}/${j.id}: ${j.reason.slice(0, 120)}`;

  return [
    {
      name: 'one deployment per command',
      ok: missing.length === 0 && doubled.length === 0,
      detail:
        `${r.deployments.length} deployments for ${r.commands} commands; ` +
        `missing ${missing.length}${firstFailures(missing, (k) => `run ${k}`)}; ` +
        `doubled ${doubled.length}${firstFailures(doubled, showDoubled)}`,
    },
    {
      name: 'every deployment reached a final state',
      ok: notFinal.length === 0 && r.deployments.length > 0,
      detail: `${r.deployments.length - notFinal.length}/${r.deployments.length} final${firstFailures(
        notFinal,
        (d) => `#${d.id} ${showStates(d)}`,
      )}`,
    },
    {
      name: 'exactly one CI pipeline per deployment (never two; none only where heaven could not tell and said so)',
      ok: wrongPipelines.length === 0,
      detail:
        `${r.pipelines.length} pipelines for ${r.deployments.length} deployments; ` +
        `${ambiguous.length} ended in error with an unanswered trigger` +
        firstFailures(wrongPipelines, showPipelines),
    },
    {
      name: 'exactly one Slack message per deployment, showing its final state',
      ok: badMessages.length === 0 && extraMessages === 0,
      detail:
        `${r.topMessages.length} top-level messages for ${r.deployments.length} deployments` +
        firstFailures(strays, showStray) +
        firstFailures(badMessages, showBadMessage),
    },
    {
      name: 'per environment, never two deployments at once',
      ok: overlaps.length === 0,
      detail: `${overlaps.length} overlaps${firstFailures(overlaps, (o) => o)}`,
    },
    {
      name: 'no job left failed without a reason',
      ok: noReason.length === 0,
      detail:
        `${r.failedJobs.length} failed jobs, ${noReason.length} without a reason` +
        firstFailures(r.failedJobs, showFailedJob),
    },
  ];
}

/**
 * The fakes refuse what Slack, GitHub and CircleCI would refuse (their API descriptions and limits): a
 * refused request is a bug of a service even when it recovers from it (a retry, an error status), so
 * the run fails on any. The faults the run injects on purpose (5xx, resets, 429) are not refusals.
 */
export function refusalsCheck(refusals: Record<string, Refusal[]>): Check {
  const all = Object.entries(refusals).flatMap(([fake, list]) => list.map((r) => ({ fake, ...r })));
  const show = (r: (typeof all)[number]) =>
    `${r.fake} ${r.method} ${r.path} ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`;
  return {
    name: 'the strict fakes refused no request',
    ok: all.length === 0,
    detail: `${all.length} refused${firstFailures(all, show)}`,
  };
}

/**
 * Deployments of one repository and environment whose runs (in_progress → final status, and CI
 * pipeline) overlap.
 */
export function findOverlaps(r: Pick<ChaosRecord, 'deployments' | 'statusesOf' | 'pipelines'>): string[] {
  const spans = new Map<string, Array<{ what: string; from: number; to: number }>>();
  const add = (key: string, what: string, from: number, to: number) =>
    spans.set(key, [...(spans.get(key) ?? []), { what, from, to }]);
  for (const d of r.deployments) {
    const statuses = r.statusesOf(d.id);
    const started = statuses.find((s) => s.state === 'in_progress');
    const final = finalOf(statuses);
    if (started && final)
      add(`${envKey(d)} statuses`, `#${d.id}`, Date.parse(started.created_at), Date.parse(final.created_at));
    for (const p of r.pipelines.filter((x) => Number(x.parameters.chatops_deployment_id) === d.id)) {
      const longest = Math.max(0, ...p.plan.workflows.map((w) => w.durationMs));
      add(`${envKey(d)} pipelines`, `#${d.id}`, p.createdAt, p.createdAt + longest);
    }
  }
  const found: string[] = [];
  for (const [key, list] of spans) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.from < list[i - 1]!.to) found.push(`${key}: ${list[i - 1]!.what} and ${list[i]!.what}`);
    }
  }
  return found;
}
