import type { AppsConfig, DeploymentRecordStore } from '@chatops/shared/contracts';
import { filterRecords, type HistoryQuery, pageOf, queryBounds } from './history-query.js';
import type { DoraSubject } from './render-dora.js';
import type { HistoryView } from './render-history.js';

/** The history looks at this many records at most, the newest first (after the app, environment and from filters). */
const HISTORY_SEARCH_LIMIT = 1000;
/** The charts cover this many app/environment pairs at most, the most recently active first. */
const DORA_SUBJECTS = 20;
const DAY_MS = 24 * 3600_000;

/** One page of the history from chatops' deployment records. */
export async function readHistory(
  src: { apps: AppsConfig; records: Pick<DeploymentRecordStore, 'page'>; githubWeb: string },
  query: HistoryQuery,
  problem: string | null,
): Promise<HistoryView> {
  const { records } = await src.records.page({
    app: query.app,
    environment: query.environment,
    sinceMs: queryBounds(query).sinceMs,
    page: 1,
    perPage: HISTORY_SEARCH_LIMIT,
  });
  const found = pageOf(filterRecords(records, query), query.page);
  const environments = new Set<string>();
  for (const app of Object.values(src.apps.apps)) for (const e of Object.keys(app.environments)) environments.add(e);
  return {
    query,
    problem,
    ...found,
    searched: records.length,
    apps: Object.keys(src.apps.apps).sort(),
    environments: [...environments].sort(),
    github: src.githubWeb,
  };
}

/** The records of the last 90 days (and the trend's 90 before) of each app/environment that has any. */
export async function readDora(
  records: Pick<DeploymentRecordStore, 'environments' | 'list'>,
  now: number,
): Promise<DoraSubject[]> {
  const pairs = (await records.environments()).slice(0, DORA_SUBJECTS);
  const subjects: DoraSubject[] = [];
  for (const { app, environment } of pairs)
    subjects.push({ app, environment, records: await records.list(app, environment, now - 180 * DAY_MS) });
  return subjects.sort((a, b) => a.app.localeCompare(b.app) || a.environment.localeCompare(b.environment));
}
