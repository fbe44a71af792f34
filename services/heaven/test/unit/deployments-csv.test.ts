import { describe, expect, it } from '@jest/globals';
import { deploymentRecord } from '@chatops/testkit';
import { deploymentsCsv } from '../../src/dora/deployments-csv.js';

const record = deploymentRecord(7, {
  ref: '-feature',
  requester: '@carol',
  rollback_of: 6,
  state: 'failure',
  description: 'line one\r\nline "two", +3',
  changes: { base_sha: 'b'.repeat(40), commit_times: [], total: 3 },
});

describe('deploymentsCsv', () => {
  it('quotes what needs quoting, doubles quotes, makes formulas text, leaves nulls empty', () => {
    const [header, row, second] = deploymentsCsv([
      record,
      { ...record, deployment_id: 8, ref: '\tx', requester: null },
    ]).split(/\r\n(?=\d|$)/);
    expect(header!.split(',')).toHaveLength(22);
    expect(row).toBe(
      `7,acme/api,api,production,production,true,${'a'.repeat(40)},'-feature,deploy,false,'@carol,6,failure,` +
        `"line one\r\nline ""two"", +3",,2030-01-01T00:00:00.000Z,,,2030-01-01T00:01:00.000Z,` +
        `2030-01-01T00:02:00.000Z,${'b'.repeat(40)},3`,
    );
    expect(second!.split(',').slice(7, 11)).toEqual(["'\tx", 'deploy', 'false', '']);
  });

  it('is a header alone when there is nothing', () => {
    expect(deploymentsCsv([]).endsWith('changes_base_sha,changes_total\r\n')).toBe(true);
  });
});
