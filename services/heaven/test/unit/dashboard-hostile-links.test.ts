import { describe, expect, it } from '@jest/globals';
import type { DeploymentRecord } from '@chatops/shared/contracts';
import { deploymentRecord } from '@chatops/testkit';
import type { DeploymentDetail } from '../../src/dashboard/read-deployment.js';
import { renderDeployment } from '../../src/dashboard/render-deployment.js';
import { renderHistory } from '../../src/dashboard/render-history.js';
import { historyQuerySchema } from '../../src/dashboard/history-query.js';

const record = (over: Partial<DeploymentRecord> = {}): DeploymentRecord =>
  deploymentRecord(41, {
    environment: 'review',
    github_environment: 'review-x',
    production: false,
    sha: 'b'.repeat(40),
    description: 'deployed',
    log_url: 'https://ci.example/41',
    requested_at: '2026-11-26T10:00:00.000Z',
    started_at: '2026-11-26T10:00:02.000Z',
    finished_at: '2026-11-26T10:05:00.000Z',
    ...over,
  });

/** Every attribute of every element: an href or src that is not http(s), an on* handler. */
function unsafeAttributes(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    for (const [, name, value] of tag.matchAll(/\s([a-z-]+)="([^"]*)"/gi)) {
      if (/^on/i.test(name!)) found.push(`${name}=${value}`);
      if (/^(href|src|action)$/i.test(name!) && !/^(https?:\/\/|\/)/i.test(value!)) found.push(`${name}=${value}`);
    }
    if (/\son[a-z]+\s*=/i.test(tag.replace(/"[^"]*"/g, '""'))) found.push(tag);
  }
  return found;
}

describe('the dashboard against hostile names and addresses', () => {
  const BREAKOUT = 'https://ci.example/x" onmouseover="alert(1)';

  it('links a CI log, an environment address and a status log only when http(s), and never breaks out', () => {
    for (const [logUrl, environmentUrl] of [
      ['javascript:alert(1)', 'javascript:alert(document.cookie)'],
      ['JaVaScRiPt:alert(1)', ' javascript:alert(1)'],
      ['data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'],
      [BREAKOUT, `${BREAKOUT} x="`],
    ] as const) {
      const detail: DeploymentDetail = {
        id: 41,
        repository: 'acme/api',
        record: record({ log_url: logUrl, ref: `"onmouseover="alert(1)`, requester: '<script>alert(1)</script>' }),
        run: null,
        github: {
          deployment: null,
          statuses: [
            {
              state: 'success',
              description: '<img src=x onerror=alert(1)>',
              createdAt: '2026-11-26T10:05:00Z',
              creator: '"><svg onload=alert(1)>',
              logUrl,
              environmentUrl,
            },
          ],
        },
        previousSha: 'a'.repeat(40),
        environmentUrl,
        githubWeb: 'https://github.com',
      };
      const html = renderDeployment(detail);
      expect({ logUrl, unsafe: unsafeAttributes(html) }).toEqual({ logUrl, unsafe: [] });
      expect(html).not.toMatch(/<script|<img|<svg/i);
      if (logUrl === BREAKOUT) {
        expect(html).toContain(
          '<a href="https://ci.example/x&quot; onmouseover=&quot;alert(1)" rel="noopener noreferrer">CI log</a>',
        );
      } else {
        expect(html).toContain('<li>CI log</li>');
        expect(html).toContain('<li>environment</li>');
      }
    }
  });

  it('keeps a hostile person, ref or state filter of the history as text', () => {
    const html = renderHistory({
      query: historyQuerySchema.parse({ person: '" autofocus onfocus="alert(1)', app: '<script>' }),
      problem: '<script>alert(1)</script>',
      rows: [record({ ref: 'javascript:alert(1)', requester: '" onmouseover="x', log_url: 'javascript:x' })],
      page: 1,
      pages: 2,
      total: 26,
      searched: 26,
      apps: ['api', '"><script>'],
      environments: ['review'],
      github: 'https://github.com',
    });
    expect(unsafeAttributes(html)).toEqual([]);
    expect(html).not.toContain('<script');
  });
});

describe('the compare link of the deployment page', () => {
  const detail = (previousSha: string | null): DeploymentDetail => ({
    id: 41,
    repository: 'acme/api',
    record: record(),
    run: null,
    github: { deployment: null, statuses: [] },
    previousSha,
    environmentUrl: null,
    githubWeb: 'https://github.com',
  });

  it('compares with the previous success, says when it is the same commit, and when there is none', () => {
    expect(renderDeployment(detail('a'.repeat(40)))).toContain(
      `<a href="https://github.com/acme/api/compare/${'a'.repeat(40)}...${'b'.repeat(40)}" rel="noopener noreferrer">` +
        'changes since the previous deployment</a>',
    );
    expect(renderDeployment(detail('b'.repeat(40)))).toContain(
      '<li><span class="muted">the same commit as the previous successful deployment: no change</span></li>',
    );
    expect(renderDeployment(detail(null))).toContain(
      '<li><span class="muted">no previous deployment to compare with</span></li>',
    );
  });
});
