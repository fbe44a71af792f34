import { describe, expect, it } from '@jest/globals';
import { githubWebUrl } from '../../src/dashboard/read-dashboard.js';
import { escapeHtml, link, renderDashboard } from '../../src/dashboard/render-dashboard.js';
import { checkBasicAuth } from '../../src/routes/basic-auth.js';

const creds = { user: 'ops', password: 'pa:ss word' };
const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('checkBasicAuth', () => {
  it('accepts the exact credentials, a colon in the password included', () => {
    expect(checkBasicAuth(header('ops:pa:ss word'), creds)).toBe(true);
    expect(checkBasicAuth(`basic   ${Buffer.from('ops:pa:ss word').toString('base64')}`, creds)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const h of [
      undefined,
      '',
      'Bearer x',
      header('ops:pa:ss wor'),
      header('ops:pa:ss word '),
      header('Ops:pa:ss word'),
      header('opspa'),
      'Basic !!!',
      header(':'),
    ]) {
      expect({ h, ok: checkBasicAuth(h, creds) }).toEqual({ h, ok: false });
    }
  });
});

describe('dashboard rendering', () => {
  it('escapes text and attributes, and links only http(s) addresses', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(link('javascript:alert(1)', 'log')).toBe('log');
    expect(link('https://ci.example/1?a=1&b="2"', '<log>')).toBe(
      '<a href="https://ci.example/1?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">&lt;log&gt;</a>',
    );
  });

  it('renders an environment with its lock, running deployment, line and history', () => {
    const html = renderDashboard({
      generatedAt: Date.parse('2026-11-26T10:00:00Z'),
      github: 'https://github.com',
      apps: [
        {
          app: 'api',
          repository: 'acme/api',
          environments: [
            {
              environment: 'production',
              deployed: {
                id: 5,
                ref: 'v1.<2>',
                sha: 'c'.repeat(40),
                finishedAt: Date.parse('2026-11-26T08:00:00Z'),
                requester: 'dave',
              },
              lockLine: [
                { holder: { slack_user_id: 'U2', name: 'carol <c>' }, reason: '', joined_at: '2026-11-26T09:10:00Z' },
              ],
              freezes: [],
              lock: {
                repository: 'acme/api',
                environment: 'production',
                holder: { slack_user_id: 'U1', name: 'bob' },
                reason: 'freeze',
                locked_at: '2026-11-26T09:00:00Z',
              },
              running: {
                id: 7,
                ref: 'main',
                startedAt: Date.parse('2026-11-26T09:59:00Z'),
                logUrl: 'https://ci.example/7',
              },
              waiting: [{ id: 8, ref: 'feat/x', startedAt: null, logUrl: null }],
              history: [
                {
                  id: 6,
                  ref: 'main',
                  outcome: 'failure',
                  description: 'tests failed',
                  logUrl: 'https://ci.example/6',
                  finishedAt: Date.parse('2026-11-26T09:30:00Z'),
                  requester: 'alice',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(html).toContain('<p class="lock">Locked by bob since 2026-11-26T09:00:00Z: freeze</p>');
    expect(html).toContain('<p class="lock-line">Waiting for the lock: 1. carol &lt;c&gt;</p>');
    expect(html).toContain(
      '<p class="deployed">Deployed: <a href="/dashboard/deployments/5">#5</a> ' +
        '<a href="https://github.com/acme/api/tree/v1.%3C2%3E" rel="noopener noreferrer">v1.&lt;2&gt;</a> ' +
        `(<a href="https://github.com/acme/api/commit/${'c'.repeat(40)}" rel="noopener noreferrer">ccccccc</a>) ` +
        'at 2026-11-26 08:00:00 UTC by dave</p>',
    );
    expect(html).toContain(
      '<div class="environment" id="env--api--production" data-live data-environment="production">',
    );
    expect(html).toContain(
      '<p class="running">Running: <a href="/dashboard/deployments/7">#7</a> ' +
        '<a href="https://github.com/acme/api/tree/main" rel="noopener noreferrer">main</a>' +
        ' since 2026-11-26 09:59:00 UTC (<a href="https://ci.example/7" rel="noopener noreferrer">log</a>)</p>',
    );
    expect(html).toContain(
      'Waiting: <a href="/dashboard/deployments/8">#8</a> ' +
        '<a href="https://github.com/acme/api/tree/feat/x" rel="noopener noreferrer">feat/x</a></p>',
    );
    expect(html).toContain(
      '<td class="failure">failure</td><td>tests failed</td><td>alice</td><td>2026-11-26 09:30:00 UTC</td>',
    );
  });

  it("derives GitHub's web address from its API address", () => {
    expect(githubWebUrl('https://api.github.com')).toBe('https://github.com');
    expect(githubWebUrl('https://ghe.acme.dev/api/v3')).toBe('https://ghe.acme.dev');
  });
});
