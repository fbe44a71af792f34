import type { Reply } from './fake-server.js';
import { githubError } from './github-contract.js';
import type { Json } from './json.js';
import type { CompiledOperation } from './openapi-table.js';

/**
 * The limits GitHub's description states in prose only, not in its schemas. Each answer is the
 * Rails validation error GitHub gives for it ("Validation Failed" with one `errors` entry).
 * - create a deployment status: "The maximum description length is 140 characters."
 * Others are in the schemas (workflow_dispatch `inputs`: `maxProperties: 25`), or are answered by
 * the fake's handlers (a workflow_dispatch `ref` is "a branch or tag name", not a sha; `per_page` is
 * "max 100", which GitHub applies by lowering it, without an error).
 */
export function checkProseLimits(op: CompiledOperation, body: unknown): Reply | null {
  const b = (body ?? {}) as Json;
  if (op.operationId === 'repos/create-deployment-status' && typeof b.description === 'string') {
    if ([...b.description].length > 140) {
      return githubError(422, 'Validation Failed', op.documentationUrl, {
        errors: [
          {
            resource: 'DeploymentStatus',
            field: 'description',
            code: 'custom',
            message: 'description is too long (maximum is 140 characters)',
          },
        ],
      });
    }
  }
  return null;
}
