import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { Json } from './json.js';

/** A JSON Schema as the OpenAPI descriptions write it (draft 4/OpenAPI 3.0 dialect, `nullable` included). */
type JsonSchema = Json;
type OpenApiParameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
};
/** One operation of a description, `$ref`s resolved: what a fake needs to check a request against it. */
export type OpenApiOperation = {
  method: string;
  path: string;
  operationId: string;
  documentationUrl?: string;
  parameters: OpenApiParameter[];
  requestBody: { required: boolean; schema: JsonSchema | null } | null;
};

/** An operation ready to check requests; its validators are compiled on first use, then kept. */
export type CompiledOperation = OpenApiOperation & {
  pattern: RegExp;
  keys: string[];
  /** Path and query parameters, coerced from strings. */
  readonly params: ValidateFunction;
  /** The JSON body, with no undeclared properties anywhere (null: the operation takes none). */
  readonly body: ValidateFunction | null;
};

export type Matched = { op: CompiledOperation; pathParams: Record<string, string> };

// ajv-formats is CommonJS: its default export is the plugin itself, or `{ default: plugin }` to TypeScript.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((formatsModule as unknown as { default?: AddFormats }).default ??
  (formatsModule as unknown as AddFormats)) as AddFormats;

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: coerce, useDefaults: false });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  // GitHub's `created` filter is declared `date-time` but takes its search syntax (`>=2026-01-01`, `a..b`).
  ajv.addFormat('date-time', /^(?:[<>]=?)?\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?:\.\.(?:\*|\S+))?$/);
  return ajv;
}

/**
 * The description's body schema made strict: every object that declares its `properties` and says
 * nothing of others refuses them (the real services answer an undeclared key with an error).
 */
function closeObjects(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties')
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, closeObjects(v)]));
    else if (key === 'allOf')
      out[key] = value; // members of an allOf each see only part of the keys
    else if (key === 'example' || key === 'examples') out[key] = value;
    else out[key] = closeObjects(value);
  }
  if (out.properties && out.additionalProperties === undefined && !out.allOf) out.additionalProperties = false;
  return out;
}

/** A parameter arrives as a string: `oneOf: [integer, string]` (a workflow id or file name) is a string. */
function parameterSchema(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const options = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (options?.some((o) => o.type === 'string')) return { type: 'string' };
  const { default: _default, ...rest } = schema;
  return rest;
}

function compile(op: OpenApiOperation, paramAjv: Ajv, bodyAjv: Ajv, greedy: Set<string>): CompiledOperation {
  const keys: string[] = [];
  const source = op.path.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_m, key: string) => {
    keys.push(key);
    return greedy.has(key) ? '(.+?)' : '([^/]+)';
  });
  let params: ValidateFunction | undefined;
  let body: ValidateFunction | null | undefined;
  return {
    ...op,
    pattern: new RegExp(`^${source}$`),
    keys,
    get params() {
      const declared = op.parameters.filter((p) => p.in === 'path' || p.in === 'query');
      params ??= paramAjv.compile({
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, parameterSchema(p.schema)])),
        required: declared.filter((p) => p.required).map((p) => p.name),
      });
      return params;
    },
    get body() {
      const schema = op.requestBody?.schema;
      if (body === undefined) body = schema ? bodyAjv.compile(closeObjects(schema)) : null;
      return body;
    },
  };
}

/** The operations of a description, compiled once per module: match a request to its operation, check it. */
export class OperationTable {
  readonly operations: CompiledOperation[];

  /** `greedy`: path parameters that may span several segments (a CircleCI project slug `gh/org/repo`). */
  constructor(operations: OpenApiOperation[], greedy: string[] = []) {
    const paramAjv = newAjv(true);
    const bodyAjv = newAjv(false);
    const literalSegments = (op: OpenApiOperation) => op.path.split('/').filter((s) => s && !s.startsWith('{')).length;
    this.operations = [...operations]
      .sort((a, b) => literalSegments(b) - literalSegments(a))
      .map((op) => compile(op, paramAjv, bodyAjv, new Set(greedy)));
  }

  /** The operation a method and raw (still percent-encoded) path name, or null; `pathKnown`: another method has it. */
  match(method: string, rawPath: string): Matched | { op: null; pathKnown: boolean } {
    let pathKnown = false;
    for (const op of this.operations) {
      const m = op.pattern.exec(rawPath);
      if (!m) continue;
      if (op.method !== method.toLowerCase()) {
        pathKnown = true;
        continue;
      }
      const pathParams = Object.fromEntries(op.keys.map((k, i) => [k, safeDecode(m[i + 1] ?? '')]));
      return { op, pathParams };
    }
    return { op: null, pathKnown };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
