import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DeploymentRecord } from '@chatops/shared/contracts';
import { createDeploymentRecordStore } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = { HEAVEN_ADMIN_USER: 'admin', HEAVEN_ADMIN_PASSWORD: 'admin-password-0123456789' };
const auth = `Basic ${Buffer.from(`${ADMIN.HEAVEN_ADMIN_USER}:${ADMIN.HEAVEN_ADMIN_PASSWORD}`).toString('base64')}`;
const APPROVED_AT = new Date(Date.now() - 60_000).toISOString();
const HOSTILE = '=HYPERLINK("https://evil.example","x"), <b>';

describe('heaven: deployment records, lead time, the export and the DORA gauges', () => {
  let h: Harness;
  const ids: Record<string, number> = {};
  let firstSha: string;
  const commitTimes = [
    new Date(Date.now() - 5 * 3600_000).toISOString(),
    new Date(Date.now() - 3600_000).toISOString(),
  ];
  const record = (id: number) => createDeploymentRecordStore(h.redis, h.prefix).get(id);

  beforeAll(async () => {
    h = await startHarness({ env: ADMIN });
    ids.first = await h.deploy({ environment: 'production' });
    firstSha = h.github.deployments.find((d) => d.id === ids.first)!.sha as string;
    await h.waitForState(ids.first, 'success');
    const c1 = h.github.push('acme/api', 'main', 'dora-c1');
    const c2 = h.github.push('acme/api', 'main', 'dora-c2');
    h.github.commitAt('acme/api', c1, commitTimes[0]!);
    h.github.commitAt('acme/api', c2, commitTimes[1]!);
    ids.second = await h.deploy({
      environment: 'production',
      chatops: { approvals: [{ slack_user_id: 'U0BOB', name: 'bob', at: APPROVED_AT }] },
    });
    await h.waitForState(ids.second, 'success');
    ids.hostile = await h.deploy({
      environment: 'staging',
      requester: 'U0MALLORY',
      chatops: { requester: { slack_user_id: 'U0MALLORY', name: HOSTILE } },
    });
    await h.waitForState(ids.hostile, 'success');
    await h.locks.acquire({
      repository: 'acme/api',
      environment: 'staging',
      holder: { slack_user_id: 'U0ALICE', name: 'alice' },
      reason: 'tests',
      locked_at: new Date().toISOString(),
    });
    ids.refused = await h.deploy({ environment: 'staging', requester: 'U0BOB' });
    await h.waitForState(ids.refused, 'error');
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('records each deployment heaven runs, its steps, and the commits a production deployment brought', async () => {
    const first = (await record(ids.first!))!;
    expect(first).toMatchObject({
      deployment_id: ids.first,
      repository: 'acme/api',
      app: 'api',
      environment: 'production',
      github_environment: 'production',
      production: true,
      sha: firstSha,
      ref: 'main',
      task: 'deploy',
      noop: false,
      requester: 'alice',
      rollback_of: null,
      state: 'success',
      queued_at: null,
      approved_at: null,
      changes: null, // the first production deployment: no base to compare with
    });
    expect(first.log_url).toMatch(/^https:\/\//);
    expect(Date.parse(first.requested_at)).toBeLessThanOrEqual(Date.parse(first.started_at!));
    expect(Date.parse(first.started_at!)).toBeLessThanOrEqual(Date.parse(first.finished_at!));
    const second = await waitFor(async () => {
      const r = await record(ids.second!);
      return r?.changes ? r : null;
    }, 'the changes of the second production deployment');
    expect(second.changes).toEqual({ base_sha: firstSha, commit_times: commitTimes, total: 2 });
    expect(second.approved_at).toBe(APPROVED_AT);
    expect(h.github.received('GET', `/repos/acme/api/compare/${firstSha}...${second.sha}`)).toHaveLength(1);
    const staging = (await record(ids.hostile!))!;
    expect(staging).toMatchObject({ production: false, state: 'success', requester: HOSTILE, changes: null });
    const refused = (await record(ids.refused!))!;
    expect(refused).toMatchObject({
      state: 'error',
      started_at: null,
      requester: 'bob',
      description: expect.stringMatching(/^staging is locked by alice/),
    });
  });

  it('refuses the export without the admin credentials', async () => {
    const res = await fetch(`${h.url}/api/deployments`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="chatops heaven", charset="UTF-8"');
    expect(await res.json()).toEqual({ error: 'admin credentials required' });
  });

  it('exports the records as JSON, newest first, paged with a Link header', async () => {
    const res = await fetch(`${h.url}/api/deployments?per_page=2&page=1`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('4');
    expect(res.headers.get('link')).toBe(
      '</api/deployments?page=1&per_page=2>; rel="first", </api/deployments?page=2&per_page=2>; rel="next", ' +
        '</api/deployments?page=2&per_page=2>; rel="last"',
    );
    const body = (await res.json()) as {
      deployments: DeploymentRecord[];
      page: number;
      per_page: number;
      total: number;
    };
    expect(body.deployments.map((d) => d.deployment_id)).toEqual([ids.refused, ids.hostile]);
    expect([body.page, body.per_page, body.total]).toEqual([1, 2, 4]);
    const production = await fetch(`${h.url}/api/deployments?app=api&environment=production&page=2&per_page=1`, {
      headers: { authorization: auth },
    });
    expect(((await production.json()) as { deployments: DeploymentRecord[] }).deployments[0]!.deployment_id).toBe(
      ids.first,
    );
    expect(production.headers.get('link')).toBe(
      '</api/deployments?app=api&environment=production&page=1&per_page=1>; rel="first", ' +
        '</api/deployments?app=api&environment=production&page=1&per_page=1>; rel="prev", ' +
        '</api/deployments?app=api&environment=production&page=2&per_page=1>; rel="last"',
    );
    const bad = await fetch(`${h.url}/api/deployments?per_page=501&since=yesterday`, {
      headers: { authorization: auth },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error:
        'since: expected a date or time, like 2030-01-31 or 2030-01-31T12:00:00Z; ' +
        'per_page: Too big: expected number to be <=500',
    });
    const future = await fetch(`${h.url}/api/deployments?since=2999-01-01`, { headers: { authorization: auth } });
    expect(await future.json()).toEqual({ deployments: [], page: 1, per_page: 100, total: 0 });
  });

  it('exports CSV (format=csv or Accept), cells escaped and formulas made text', async () => {
    const res = await fetch(`${h.url}/api/deployments?environment=staging`, {
      headers: { authorization: auth, accept: 'text/csv' },
    });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'deployment_id,repository,app,environment,github_environment,production,sha,ref,task,noop,requester,' +
        'rollback_of,state,description,log_url,requested_at,approved_at,queued_at,started_at,finished_at,' +
        'changes_base_sha,changes_total',
    );
    expect(lines).toHaveLength(4); // header, two records, the final CRLF
    expect(lines[2]).toContain(`,"'=HYPERLINK(""https://evil.example"",""x""), <b>",`);
    expect(lines[2]!.startsWith(`${ids.hostile},acme/api,api,staging,staging,false,`)).toBe(true);
    const byQuery = await fetch(`${h.url}/api/deployments?environment=staging&format=csv`, {
      headers: { authorization: auth },
    });
    expect(byQuery.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it('exposes the four figures on /metrics per app, environment and window', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const sample = (name: string, env: string, window: string) =>
      new RegExp(`^${name}\\{app="api",environment="${env}",window="${window}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1];
    expect(Number(sample('chatops_dora_deployments_per_day', 'production', '7d'))).toBeCloseTo(2 / 7, 10);
    expect(Number(sample('chatops_dora_deployments_per_day', 'staging', '30d'))).toBeCloseTo(1 / 30, 10);
    const second = (await record(ids.second!))!;
    const leads = commitTimes.map((t) => (Date.parse(second.finished_at!) - Date.parse(t)) / 1000);
    expect(Number(sample('chatops_dora_lead_time_median_seconds', 'production', '90d'))).toBeCloseTo(
      (leads[0]! + leads[1]!) / 2,
      6,
    );
    expect(Number(sample('chatops_dora_change_failure_rate', 'production', '7d'))).toBe(0);
    expect(Number(sample('chatops_dora_change_failure_rate', 'staging', '7d'))).toBe(0); // the refusal never ran
    expect(sample('chatops_dora_recovery_time_median_seconds', 'production', '7d')).toBeUndefined();
    expect(sample('chatops_dora_deployments_per_day', 'review', '7d')).toBe('0');
  });
});

describe('heaven: the record of a cancelled deployment', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  it('is cancelled (not error), with who cancelled it', async () => {
    h = await startHarness({
      circle: { plan: () => ({ workflows: [{ name: 'deploy', status: 'success' as const, durationMs: 60_000 }] }) },
    });
    const id = await h.deploy({ environment: 'staging' });
    await h.waitForState(id, 'in_progress');
    await h.cancel({ environment: 'staging', by: 'U0CAROL' });
    await h.waitForState(id, 'error');
    const records = createDeploymentRecordStore(h.redis, h.prefix);
    const cancelled = await waitFor(async () => {
      const r = await records.get(id);
      return r?.state === 'cancelled' ? r : null;
    }, 'the cancelled record');
    expect(cancelled.description).toBe('cancelled by carol; the CI run was stopped');
    expect(cancelled.started_at).not.toBeNull();
    expect(h.states(id)).toEqual(['in_progress', 'error']);
  });
});
