import { describe, expect, it } from '@jest/globals';
import type { DeploymentRecord } from '@chatops/shared/contracts';
import { deploymentRecord } from '@chatops/testkit';
import { SSE_HEARTBEAT, sseFrame } from '../../src/dashboard/event-hub.js';
import { filterRecords, historyQuerySchema, pageOf, queryString } from '../../src/dashboard/history-query.js';
import type { DeploymentDetail } from '../../src/dashboard/read-deployment.js';
import { renderBarChart } from '../../src/dashboard/render-chart.js';
import { renderDeployment, timelineOf } from '../../src/dashboard/render-deployment.js';
import { renderDora } from '../../src/dashboard/render-dora.js';
import { renderHistory } from '../../src/dashboard/render-history.js';
import { pagePolicy, renderPage } from '../../src/dashboard/render-layout.js';

const HOSTILE = `feat/<script>alert("x")</script>&'`;
const ESCAPED = 'feat/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';

function record(over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return deploymentRecord(41, {
    sha: 'b'.repeat(40),
    description: 'deployed',
    log_url: 'https://ci.example/41',
    requested_at: '2026-11-26T10:00:00.000Z',
    queued_at: '2026-11-26T10:00:01.000Z',
    started_at: '2026-11-26T10:00:02.000Z',
    finished_at: '2026-11-26T10:05:00.000Z',
    ...over,
  });
}

describe('the history filters', () => {
  it('reads GET query parameters, empty ones as unset, and refuses a bad date or state', () => {
    expect(historyQuerySchema.parse({ app: 'api', environment: '', state: 'failure', page: '2' })).toEqual({
      app: 'api',
      environment: undefined,
      person: undefined,
      state: 'failure',
      from: undefined,
      to: undefined,
      page: 2,
    });
    expect(historyQuerySchema.safeParse({ from: '26/11/2026' }).error?.issues[0]?.message).toBe(
      'expected a date as YYYY-MM-DD',
    );
    expect(historyQuerySchema.safeParse({ state: 'exploded' }).success).toBe(false);
    expect(historyQuerySchema.safeParse({ page: '0' }).success).toBe(false);
  });

  it('filters by app, environment, person (part of the name, any case), state and the last day', () => {
    const rows = [
      record({ deployment_id: 1, requester: 'Alice Smith', state: 'success' }),
      record({ deployment_id: 2, requester: 'bob', state: 'failure' }),
      record({ deployment_id: 3, environment: 'staging', github_environment: 'staging', requester: 'alice' }),
      record({ deployment_id: 4, requester: 'alice', requested_at: '2026-11-27T00:00:00.000Z' }),
    ];
    const ids = (q: Record<string, string>) =>
      filterRecords(rows, historyQuerySchema.parse(q)).map((r) => r.deployment_id);
    expect(ids({ person: 'ALICE' })).toEqual([1, 3, 4]);
    expect(ids({ state: 'failure' })).toEqual([2]);
    expect(ids({ environment: 'staging' })).toEqual([3]);
    expect(ids({ app: 'web' })).toEqual([]);
    expect(ids({ to: '2026-11-26' })).toEqual([1, 2, 3]);
  });

  it('pages, and keeps the filters in the links of other pages', () => {
    const rows = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(rows, 3)).toEqual({ rows: rows.slice(50), page: 3, pages: 3, total: 60 });
    expect(pageOf([], 1)).toEqual({ rows: [], page: 1, pages: 1, total: 0 });
    const q = historyQuerySchema.parse({ app: 'api', person: 'a&b', page: '2' });
    expect(queryString(q, 3)).toBe('?app=api&person=a%26b&page=3');
    expect(queryString(q, 1)).toBe('?app=api&person=a%26b');
  });
});

describe('the pages', () => {
  it('escapes a hostile ref, requester and description in the history', () => {
    const html = renderHistory({
      query: historyQuerySchema.parse({ person: '"><script>' }),
      problem: null,
      rows: [record({ ref: HOSTILE, requester: '<b>eve</b>', description: '<img src=x onerror=alert(1)>' })],
      page: 1,
      pages: 1,
      total: 1,
      searched: 1,
      apps: ['api'],
      environments: ['production'],
      github: 'https://github.com',
    });
    expect(html).toContain(`>${ESCAPED}</a>`);
    expect(html).toContain('<td>&lt;b&gt;eve&lt;/b&gt;</td>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });

  it('shows a deployment with its timeline, links (log, environment, compare) and GitHub statuses', () => {
    const detail: DeploymentDetail = {
      id: 41,
      repository: 'acme/api',
      record: record({ ref: HOSTILE, approved_at: '2026-11-26T10:00:00.500Z' }),
      run: null,
      github: {
        deployment: null,
        statuses: [
          {
            state: 'success',
            description: 'done <ok>',
            createdAt: '2026-11-26T10:05:00Z',
            creator: 'chatops[bot]',
            logUrl: 'javascript:alert(1)',
            environmentUrl: null,
          },
        ],
      },
      previousSha: 'a'.repeat(40),
      environmentUrl: 'https://api.acme.dev',
      githubWeb: 'https://github.com',
    };
    expect(timelineOf(detail)).toEqual([
      { name: 'requested', at: '2026-11-26T10:00:00.000Z' },
      { name: 'approved', at: '2026-11-26T10:00:00.500Z' },
      { name: 'queued', at: '2026-11-26T10:00:01.000Z' },
      { name: 'started', at: '2026-11-26T10:00:02.000Z' },
      { name: 'finished', at: '2026-11-26T10:05:00.000Z' },
    ]);
    const html = renderDeployment(detail);
    expect(html).toContain(
      '<li data-step="started"><strong>started</strong>: ' +
        '<time datetime="2026-11-26T10:00:02.000Z">2026-11-26 10:00:02 UTC</time></li>',
    );
    expect(html).toContain(
      `<a href="https://github.com/acme/api/compare/${'a'.repeat(40)}...${'b'.repeat(40)}" rel="noopener noreferrer">`,
    );
    expect(html).toContain('<a href="https://ci.example/41" rel="noopener noreferrer">CI log</a>');
    expect(html).toContain('<a href="https://api.acme.dev" rel="noopener noreferrer">environment</a>');
    expect(html).toContain('<td>done &lt;ok&gt;</td><td>chatops[bot]</td><td>2026-11-26 10:05:00 UTC</td><td>log</td>');
    expect(html).toContain(ESCAPED);
    expect(html).not.toContain('<script');
  });

  it('says when GitHub did not answer, and takes the timeline from GitHub when the record is gone', () => {
    const html = renderDeployment({
      id: 9,
      repository: 'acme/api',
      record: null,
      run: null,
      github: { error: 'timeout <after 3 s>' },
      previousSha: null,
      environmentUrl: null,
      githubWeb: 'https://github.com',
    });
    expect(html).toContain(
      '<p class="error">GitHub did not answer (timeout &lt;after 3 s&gt;): see its deployments page.</p>',
    );
    expect(html).toContain('no previous deployment to compare with');
    const fromGitHub = timelineOf({
      id: 9,
      repository: 'acme/api',
      record: null,
      run: null,
      github: {
        deployment: null,
        statuses: ['failure', 'in_progress', 'queued'].map((state, i) => ({
          state,
          description: '',
          createdAt: `2026-11-26T10:0${3 - i}:00Z`,
          creator: null,
          logUrl: null,
          environmentUrl: null,
        })),
      },
      previousSha: null,
      environmentUrl: null,
      githubWeb: 'https://github.com',
    });
    expect(fromGitHub.map((s) => s.at)).toEqual([
      null,
      null,
      '2026-11-26T10:01:00Z',
      '2026-11-26T10:02:00Z',
      '2026-11-26T10:03:00Z',
    ]);
  });

  it('wraps a view in a page: the nonce in its style, script and policy, a viewport, a no-script refresh', () => {
    const html = renderPage({ title: 'x <y>', nonce: 'abc+/=', refreshS: 7, body: '<p>b</p>', generatedAt: 0 });
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="7"></noscript>');
    expect(html).toContain('<title>x &lt;y&gt;</title>');
    expect(html).toContain('<script nonce="abc+/=">');
    expect(html).toContain('<style nonce="abc+/=">');
    expect(html).toContain("new EventSource('/dashboard/events')");
    expect(html).toContain('<link rel="icon" href="data:,">');
    // The live script's own fetches get only the parts it swaps in: no style or script of another nonce.
    const partial = renderPage({
      title: 't',
      nonce: 'n',
      refreshS: 7,
      body: '<p>b</p>',
      generatedAt: 0,
      partial: true,
    });
    expect(partial).toBe(
      '<!doctype html>\n<html lang="en"><body><header>' +
        '<p id="updated" data-live class="muted">Updated 1970-01-01 00:00:00 UTC</p></header>\n' +
        '<main>\n<p>b</p>\n</main>' +
        '</body></html>',
    );
    expect(pagePolicy('abc+/=')).toBe(
      "default-src 'none'; script-src 'nonce-abc+/='; style-src 'nonce-abc+/='; connect-src 'self'; " +
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});

describe('the charts', () => {
  it('draws an accessible SVG bar chart with a data table, bars scaled to the largest', () => {
    const svg = renderBarChart({
      id: 'c1',
      title: 'Deploys <per> day',
      desc: 'Successful deployments each day.',
      points: [
        { label: '11-25', value: 2 },
        { label: '11-26', value: null },
        { label: '11-27', value: 4 },
      ],
      format: (v) => String(v),
    });
    expect(svg).toContain('role="img" aria-label="Deploys &lt;per&gt; day" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Deploys &lt;per&gt; day</title>');
    expect(svg).toContain('<desc id="c1-desc">Successful deployments each day.</desc>');
    expect(svg).toContain('height="60.0" fill="#0550ae"><title>11-25: 2</title>');
    expect(svg).toContain('height="0.0" fill="#0550ae"><title>11-26: no data</title>');
    expect(svg).toContain('height="120.0" fill="#0550ae"><title>11-27: 4</title>');
    expect(svg).toContain('<tr><th scope="row">11-26</th><td>no data</td></tr>');
  });

  it('charts the DORA figures of an app and environment from computeDora', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    const html = renderDora(
      {
        app: 'api',
        environment: 'production',
        records: [
          record({ deployment_id: 1, finished_at: '2026-11-26T10:05:00.000Z' }),
          record({ deployment_id: 2, finished_at: '2026-11-26T11:05:00.000Z' }),
          record({ deployment_id: 3, state: 'failure', finished_at: '2026-11-27T09:00:00.000Z' }),
        ],
      },
      now,
    );
    expect(html).toContain('<title>11-26: 2</title>');
    expect(html).toContain('<title>11-27: 0</title>');
    expect(html).toContain('<th scope="row">last 7 days</th><td>0.29 a day (2)</td>');
    expect(html).toContain('33 % (1 of 3)');
  });
});

describe('server-sent events', () => {
  it('frames an event as one data line of JSON, and a heartbeat as a comment', () => {
    expect(sseFrame('deployment', { id: 1, line: 'a\nb', state: 'success' })).toBe(
      'event: deployment\ndata: {"id":1,"line":"a\\nb","state":"success"}\n\n',
    );
    expect(SSE_HEARTBEAT).toBe(': heartbeat\n\n');
  });
});
