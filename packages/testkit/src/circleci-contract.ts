import { readFileSync } from 'node:fs';
import type { RecordedRequest, Reply } from './fake-server.js';
import type { Json } from './json.js';
import { type Matched, type OpenApiOperation, OperationTable } from './openapi-table.js';

/** CircleCI's error body, as its description declares every error response: `{ "message": … }`. */
export const circleError = (status: number, message: string): Reply => ({ status, body: { message } });

let table: OperationTable | null = null;

/** The operations of openapi/circleci-operations.json (from CircleCI's API v2 description), compiled once. */
function circleciOperations(): OperationTable {
  if (!table) {
    const file = new URL('../openapi/circleci-operations.json', import.meta.url);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { operations: OpenApiOperation[] };
    table = new OperationTable(doc.operations, ['project-slug']);
  }
  return table;
}

/**
 * The token of a request, by the description's security schemes: the `Circle-Token` header, HTTP
 * basic with the token as user name, the (deprecated) `circle-token` query parameter; and the
 * `Authorization: Bearer` form CircleCI's API guide documents.
 */
export function circleToken(req: RecordedRequest): string | undefined {
  const header = req.headers['circle-token'];
  if (typeof header === 'string' && header) return header;
  const auth = String(req.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)$/i.exec(auth)?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString('utf8').split(':')[0] || undefined;
  return req.query.get('circle-token') ?? undefined;
}

/**
 * A request against the description: unknown route or a malformed id 404; a body that breaks
 * `TriggerPipelineParameters` (an undeclared key, a parameter that is not a string, integer or
 * boolean) 400. A body sent without `Content-Type: application/json` is not read by CircleCI (the
 * pipeline runs on the default branch with no parameters): `body` is then `{}`.
 */
export function checkCircleRequest(
  req: RecordedRequest,
  base: string,
): { refused: Reply } | (Matched & { body: Json }) {
  const path = req.rawPath.startsWith(base) ? req.rawPath.slice(base.length) : null;
  const found = path === null ? null : circleciOperations().match(req.method, path);
  if (!found?.op) return { refused: circleError(404, 'Not found') };
  const { op, pathParams } = found;
  if (!op.params({ ...Object.fromEntries(req.query), ...pathParams }))
    return { refused: circleError(404, 'Not found') };
  const json = String(req.headers['content-type'] ?? '').includes('application/json');
  const body = (json && req.body && typeof req.body === 'object' ? req.body : {}) as Json;
  if (json && req.rawBody && typeof req.body === 'string') return { refused: circleError(400, 'Invalid JSON body.') };
  if (op.body && !op.body(body)) {
    const error = op.body.errors?.find((e) => e.keyword === 'additionalProperties') ?? op.body.errors?.[0];
    const where = error?.instancePath || '/';
    const message =
      error?.keyword === 'additionalProperties'
        ? `Unexpected argument(s): ${(error.params as Json).additionalProperty}`
        : error?.instancePath.startsWith('/parameters/')
          ? `Invalid value for pipeline parameter ${error.instancePath.slice('/parameters/'.length)}: ` +
            'pipeline parameters must be strings, integers or booleans.'
          : `Invalid request body at ${where}: ${error?.message ?? 'does not match TriggerPipelineParameters'}.`;
    return { refused: circleError(400, message) };
  }
  return { ...found, body };
}

/**
 * The rules the description states in prose for a trigger: `branch` and `tag` "are mutually
 * exclusive"; "Pipeline parameters have the following size limits: 100 max entries, 128 maximum key
 * length, 512 maximum value length."
 */
export function checkTriggerLimits(body: Json): Reply | null {
  if (body.branch !== undefined && body.tag !== undefined) {
    return circleError(400, 'branch and tag are mutually exclusive: specify only one of them.');
  }
  const parameters = Object.entries((body.parameters ?? {}) as Json);
  if (parameters.length > 100) {
    return circleError(400, `Too many pipeline parameters: ${parameters.length} (at most 100 entries).`);
  }
  for (const [key, value] of parameters) {
    if ([...key].length > 128) {
      return circleError(400, `Pipeline parameter key is too long: ${key.slice(0, 32)}… (at most 128 characters).`);
    }
    if ([...String(value)].length > 512) {
      return circleError(
        400,
        `Pipeline parameter ${key} is too long: ${String(value).length} characters (at most 512).`,
      );
    }
  }
  return null;
}
