import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import openapiPackage from '@octokit/openapi/package.json' with { type: 'json' };
import {
  CIRCLECI_OPERATIONS,
  extractCircleCIOperations,
  OUTPUT as CIRCLECI_OUTPUT,
  SOURCE as CIRCLECI_SOURCE,
} from '../../scripts/extract-circleci-operations.mjs';
import {
  extractGitHubOperations,
  GITHUB_OPERATIONS,
  OUTPUT as GITHUB_OUTPUT,
} from '../../scripts/extract-github-operations.mjs';

// The fakes validate against these files; they must stay the official descriptions, not an edited copy.
describe('the OpenAPI descriptions the fakes validate against', () => {
  it('github-operations.json is what the script extracts from the installed @octokit/openapi', () => {
    const committed = readFileSync(GITHUB_OUTPUT, 'utf8');
    expect(committed).toBe(extractGitHubOperations());
    const doc = JSON.parse(committed) as { source: { version: string }; operations: Array<{ operationId: string }> };
    expect(doc.source.version).toBe(openapiPackage.version);
    expect(doc.operations.map((o) => o.operationId)).toHaveLength(GITHUB_OPERATIONS.length);
    expect(committed).not.toContain('"$ref"');
  });

  it('circleci-api-v2.json is CircleCI-Public/circleci-sdk-go swagger/api/openapi.json at a2a762b7, unmodified', () => {
    const sha256 = createHash('sha256').update(readFileSync(CIRCLECI_SOURCE)).digest('hex');
    expect(sha256).toBe('83e42c97d040107fa2edf5807e22ad8db37ad3bfb8f47f9d79a1d5bf6599b1ef');
    expect(readFileSync(new URL('../../openapi/README.md', import.meta.url), 'utf8')).toContain(sha256);
  });

  it('circleci-operations.json is what the script extracts from the shipped CircleCI description', () => {
    const committed = readFileSync(CIRCLECI_OUTPUT, 'utf8');
    expect(committed).toBe(extractCircleCIOperations());
    const doc = JSON.parse(committed) as { operations: Array<{ operationId: string }> };
    expect(doc.operations.map((o) => o.operationId)).toEqual([
      'triggerPipeline',
      'getPipelineById',
      'listWorkflowsByPipelineId',
      'getWorkflowById',
      'cancelWorkflow',
    ]);
    expect(CIRCLECI_OPERATIONS).toHaveLength(5);
  });
});
