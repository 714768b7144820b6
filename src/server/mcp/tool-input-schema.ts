import type { DescriptorKind } from '../../compiler/index.js';
import type { StoredQueryParam } from '../stored-query.js';

/** A JSON Schema (2020-12) object, as MCP carries it. */
export type JsonSchema = Record<string, unknown>;

/** The input schema of a tool: an object of its stored query's params. */
export interface ToolInputSchema extends JsonSchema {
  readonly type: 'object';
  readonly properties: Record<string, JsonSchema>;
  readonly required: string[];
  readonly additionalProperties: false;
}

/** A decimal integer string: how 64-bit values beyond 2^53 travel exactly. */
const DECIMAL_INTEGER = '^-?[0-9]+$';

/**
 * The JSON Schema of a stored query's params: String → string, I32/U32 → integer, I64/U64 →
 * integer or decimal string (exact beyond 2^53), F32/F64 → number, Bool → boolean, Date and
 * DateTime → string with `format`, Blob → string, lists → arrays, vectors → arrays of exactly
 * `dimension` numbers. A nullable param also takes null and may be left out; the others are
 * required. No other property is accepted (the engine refuses undeclared params).
 *
 * @example
 * toolInputSchema([{ name: 'name', kind: 'string', nullable: false }])
 * // { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false }
 */
export function toolInputSchema(params: readonly StoredQueryParam[]): ToolInputSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((param) => [param.name, paramSchema(param)])),
    required: params.filter((param) => !param.nullable).map((param) => param.name),
    additionalProperties: false,
  };
}

function paramSchema(param: StoredQueryParam): JsonSchema {
  const schema = valueSchema(param);
  return param.nullable ? orNull(schema) : schema;
}

function valueSchema(param: StoredQueryParam): JsonSchema {
  if (param.kind === 'list')
    return {
      type: 'array',
      items: param.item_kind === undefined ? {} : kindSchema(param.item_kind),
    };
  if (param.kind === 'vector') {
    const dimension = param.vector_dim;
    return {
      type: 'array',
      items: { type: 'number' },
      ...(dimension === undefined ? {} : { minItems: dimension, maxItems: dimension }),
      description: `a vector of ${dimension ?? 'N'} numbers`,
    };
  }
  return kindSchema(param.kind);
}

/** The schema of one value of a scalar kind (list items included). */
function kindSchema(kind: DescriptorKind): JsonSchema {
  switch (kind) {
    case 'string':
      return { type: 'string' };
    case 'bool':
      return { type: 'boolean' };
    case 'int':
      return { type: 'integer' };
    case 'bigint':
      return {
        anyOf: [{ type: 'integer' }, { type: 'string', pattern: DECIMAL_INTEGER }],
        description:
          'a 64-bit integer: a JSON integer, or a decimal string for values beyond 2^53 (exact)',
      };
    case 'float':
      return { type: 'number' };
    case 'date':
      return { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
    case 'datetime':
      return {
        type: 'string',
        format: 'date-time',
        description: 'ISO-8601, e.g. 2024-05-01T12:00:00Z',
      };
    case 'blob':
      return { type: 'string', description: "'base64:<data>' or a URI" };
    case 'vector':
      return { type: 'array', items: { type: 'number' } };
    case 'list':
      return { type: 'array' };
    case 'object':
      return { type: 'object' };
  }
}

/** `schema`, also accepting null. */
function orNull(schema: JsonSchema): JsonSchema {
  const { type, anyOf, description } = schema;
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  if (Array.isArray(anyOf))
    return { ...schema, anyOf: [...(anyOf as unknown[]), { type: 'null' }] };
  return {
    anyOf: [schema, { type: 'null' }],
    ...(description === undefined ? {} : { description }),
  };
}
