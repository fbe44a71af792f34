import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { RecordedRequest, Reply } from './fake-server.js';
import type { Json } from './json.js';
import { type Matched, type OpenApiOperation, OperationTable } from './openapi-table.js';

export const GITHUB_DOCS = 'https://docs.github.com/rest';
/** The REST API versions GitHub supports (docs "API Versions"; its 400 lists them, newest first). */
export const GITHUB_API_VERSIONS = ['2026-03-10', '2022-11-28'];

/** GitHub's error body: `message`, what else the error has, `documentation_url`, and `status` as a string. */
export function githubError(status: number, message: string, documentationUrl = GITHUB_DOCS, extra: Json = {}): Reply {
  return { status, body: { message, ...extra, documentation_url: documentationUrl, status: String(status) } };
}

let table: OperationTable | null = null;

/** The operations of openapi/github-operations.json (extracted from @octokit/openapi), compiled once per module. */
export function githubOperations(): OperationTable {
  if (!table) {
    const file = new URL('../openapi/github-operations.json', import.meta.url);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { operations: OpenApiOperation[] };
    table = new OperationTable(doc.operations, ['branch', 'ref', 'basehead']);
  }
  return table;
}

/**
 * The X-GitHub-Api-Version check: none is GitHub's default; an unsupported one gets GitHub's 400
 * (message "Bad Request", the reason in `errors` as a string, as captured from api.github.com).
 */
export function checkApiVersion(req: RecordedRequest): Reply | null {
  const asked = req.headers['x-github-api-version'];
  if (asked === undefined || GITHUB_API_VERSIONS.includes(String(asked))) return null;
  const [newest, ...others] = GITHUB_API_VERSIONS;
  const supported = [`"${newest}" (most recent)`, ...others.map((v) => `"${v}"`)].join(' and ');
  return githubError(400, 'Bad Request', GITHUB_DOCS, {
    errors:
      `The version you specified in the "X-GitHub-API-Version" request header, "${String(asked)}", ` +
      `is not a supported version. The following versions are currently supported: ${supported}.`,
  });
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const count = (value: unknown): number => (Array.isArray(value) ? value.length : Object.keys(value as Json).length);

/**
 * One line of GitHub's "Invalid request." answer for a schema error, in the form GitHub's JSON
 * Schema validator writes it: `"x" wasn't supplied.`, `"x" is not a permitted key.`,
 * ``Invalid property /x: `1` is not of type `string`.`` and so on.
 */
export function describeSchemaError(error: ErrorObject, data: unknown): string {
  const path = error.instancePath || '/';
  const value = error.instancePath
    ? error.instancePath
        .split('/')
        .slice(1)
        .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], data)
    : data;
  const p = error.params as Json;
  switch (error.keyword) {
    case 'required':
      return `"${p.missingProperty}" wasn't supplied.`;
    case 'additionalProperties':
      return `"${p.additionalProperty}" is not a permitted key.`;
    case 'type':
      return `Invalid property ${path}: \`${JSON.stringify(value)}\` is not of type \`${p.type}\`.`;
    case 'enum':
      return (
        `Invalid property ${path}: \`${show(value)}\` is not a possible value. ` +
        `Must be one of the following: ${(p.allowedValues as unknown[]).map(show).join(', ')}.`
      );
    case 'oneOf':
    case 'anyOf':
      return `Invalid property ${path}: data matches no possible input. See \`documentation_url\`.`;
    case 'maxProperties':
      return `Invalid property ${path}: no more than ${p.limit} properties allowed; ${count(value)} were supplied.`;
    case 'maxItems':
      return `Invalid property ${path}: no more than ${p.limit} items allowed; ${count(value)} were supplied.`;
    case 'minItems': {
      const items = p.limit === 1 ? 'item' : 'items';
      return `Invalid property ${path}: ${p.limit} ${items} required; only ${count(value)} were supplied.`;
    }
    case 'format':
      return `Invalid property ${path}: \`${show(value)}\` is not a valid ${p.format}.`;
    default:
      return `Invalid property ${path}: ${error.message}.`;
  }
}

/** GitHub's 422 for a request that does not match the operation's schema. */
function invalidRequest(op: OpenApiOperation, error: ErrorObject, data: unknown): Reply {
  return githubError(422, `Invalid request.\n\n${describeSchemaError(error, data)}`, op.documentationUrl);
}

/** oneOf/anyOf report their branches' errors first; the combinator is what GitHub names. */
function mainError(errors: ErrorObject[] | null | undefined): ErrorObject | null {
  if (!errors?.length) return null;
  return errors.find((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf') ?? errors[0] ?? null;
}

/**
 * Checks a request against GitHub's description: an unknown method or path is a 404, a path
 * parameter of the wrong type a 404 (GitHub's routes do not match it), a query parameter or body
 * that breaks the schema a 422, a body that is not JSON a 400. Returns the operation when it passes.
 */
export function checkAgainstDescription(req: RecordedRequest): { refused: Reply } | Matched {
  const found = githubOperations().match(req.method, req.rawPath);
  if (!found.op) return { refused: githubError(404, 'Not Found') };
  const { op, pathParams } = found;
  const params: Json = { ...Object.fromEntries(req.query), ...pathParams };
  if (!op.params(params)) {
    const error = mainError(op.params.errors);
    if (error && op.keys.includes(error.instancePath.slice(1))) return { refused: githubError(404, 'Not Found') };
    if (error) return { refused: invalidRequest(op, error, params) };
  }
  if (op.body) {
    if (req.rawBody && typeof req.body === 'string') {
      return { refused: githubError(400, 'Problems parsing JSON', op.documentationUrl) };
    }
    const body = req.body ?? {};
    if (!op.body(body)) {
      const error = mainError(op.body.errors);
      if (error) return { refused: invalidRequest(op, error, body) };
    }
  }
  return found;
}
