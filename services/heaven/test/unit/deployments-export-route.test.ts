import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DeploymentRecordStore } from '@chatops/shared/contracts';
import { deploymentRecord } from '@chatops/testkit';
import { basicAuthHook } from '../../src/routes/basic-auth.js';
import { deploymentsExportRoute } from '../../src/routes/deployments-export.js';

const creds = { user: 'ops', password: 'correct horse battery staple' };
const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
const good = { authorization: basic(`${creds.user}:${creds.password}`) };

const record = deploymentRecord;

/** From outside, as an attacker would try it: credentials, paging bounds, formulas in the CSV. */
describe('GET /api/deployments from outside', () => {
  let app: FastifyInstance;
  const failures: string[] = [];
  const queries: Array<Parameters<DeploymentRecordStore['page']>[0]> = [];
  const records = [
    record(3, { ref: `=cmd|' /C calc'!A0`, requester: '+SUM(1,2)', description: '@evil' }),
    record(2, { ref: '\uFF1DHYPERLINK("https://evil.example")', description: '\n=1+1' }),
    record(1),
  ];

  beforeAll(async () => {
    app = Fastify();
    app.addHook(
      'onRequest',
      basicAuthHook(creds, {
        retryAfterS: async () => 0,
        recordFailure: async (address) => {
          failures.push(address);
        },
      }),
    );
    await app.register(deploymentsExportRoute, {
      records: {
        page: async (q) => {
          queries.push(q);
          const from = (q.page - 1) * q.perPage;
          return { records: records.slice(from, from + q.perPage), total: records.length };
        },
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses no credentials and wrong ones alike (401, nothing read), counting only the wrong ones', async () => {
    const tries = [
      {},
      { authorization: basic(`${creds.user}:wrong`) },
      { authorization: basic(`admin:${creds.password}`) },
      { authorization: `Bearer ${creds.password}` },
      { authorization: basic(`${creds.user}:${creds.password}`).replace('Basic', 'Digest') },
    ];
    for (const headers of tries) {
      const res = await app.inject({ url: '/api/deployments?format=csv', headers });
      expect({ headers, status: res.statusCode, body: res.json() }).toEqual({
        headers,
        status: 401,
        body: { error: 'admin credentials required' },
      });
    }
    expect(failures).toHaveLength(4);
    expect(queries).toEqual([]);
  });

  it.each([
    ['per_page=100000000000', 'per_page: Too big: expected number to be <=500'],
    ['per_page=0', 'per_page: Too small: expected number to be >=1'],
    ['page=-1', 'page: Too small: expected number to be >=1'],
    ['page=0', 'page: Too small: expected number to be >=1'],
    ['page=1.5', 'page: Invalid input: expected int, received number'],
    ['page=abc', 'page: Invalid input: expected number, received NaN'],
    ['format=xlsx', 'format: Invalid option: expected one of "json"|"csv"'],
  ])('answers 400 to %s, without reading the records', async (query, error) => {
    const before = queries.length;
    const res = await app.inject({ url: `/api/deployments?${query}`, headers: good });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error });
    expect(queries).toHaveLength(before);
  });

  it('makes every formula text in the CSV, whatever character starts it', async () => {
    const res = await app.inject({ url: '/api/deployments?format=csv&per_page=2', headers: good });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="deployments.csv"');
    const text = res.body;
    expect(text).toContain(`,'=cmd|' /C calc'!A0,deploy,false,"'+SUM(1,2)",`);
    expect(text).toContain(`,'@evil,`);
    expect(text).toContain(`,"'\uFF1DHYPERLINK(""https://evil.example"")",`);
    expect(text).toContain(`,"'\n=1+1",`);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.headers.link).toBe(
      '</api/deployments?format=csv&page=1&per_page=2>; rel="first", ' +
        '</api/deployments?format=csv&page=2&per_page=2>; rel="next", ' +
        '</api/deployments?format=csv&page=2&per_page=2>; rel="last"',
    );
  });

  it('answers a page past the last with none, its prev link the last page', async () => {
    const res = await app.inject({ url: '/api/deployments?page=9&per_page=2', headers: good });
    expect(res.json()).toEqual({ deployments: [], page: 9, per_page: 2, total: 3 });
    expect(res.headers.link).toBe(
      '</api/deployments?page=1&per_page=2>; rel="first", </api/deployments?page=2&per_page=2>; rel="prev", ' +
        '</api/deployments?page=2&per_page=2>; rel="last"',
    );
  });
});
