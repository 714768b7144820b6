import { z } from 'zod';
import {
  API_OPERATIONS,
  COMPONENT_SCHEMAS,
  type ApiOperation,
  type ComponentName,
} from './api-operations.js';
import { IF_GRAPH_COMMIT_HEADER } from './if-graph-commit.js';

type JsonSchema = Record<string, unknown>;

/** Components whose shape is what a client sends: documented as the input they accept. */
const REQUEST_COMPONENTS: ReadonlySet<ComponentName> = new Set(
  API_OPERATIONS.flatMap((operation) =>
    operation.body === undefined || operation.body === 'ndjson' || operation.body === 'jsonrpc'
      ? []
      : [operation.body],
  ),
);

/** Options of {@link openApiDocument}. */
export interface OpenApiOptions {
  readonly version: string;
  /** Open mode: no security scheme, no operation security. */
  readonly open: boolean;
}

/**
 * The OpenAPI 3.1 document of the server, generated from the zod schemas the server validates
 * with (requests) and the output shapes it writes (responses).
 */
export function openApiDocument(options: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of API_OPERATIONS) {
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: operationObject(operation, options),
    };
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(COMPONENT_SCHEMAS)) {
    const io = REQUEST_COMPONENTS.has(name as ComponentName) ? 'input' : 'output';
    const { $defs, ...component } = jsonSchema(schema, io);
    schemas[name] = component;
    // A shape with an id (a recursive one) becomes a component of its own, shared by all.
    Object.assign(schemas, $defs);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'OmniGraph server', version: options.version },
    paths,
    components: {
      schemas,
      ...(options.open
        ? {}
        : { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } }),
    },
  };
}

/** A JSON Schema of `schema`; the shapes it defines (`$defs`) are referred to as components. */
function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
): JsonSchema & { $defs?: Record<string, JsonSchema> } {
  // The document declares its dialect once; components carry none.
  const generated: JsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  delete generated.$schema;
  return JSON.parse(
    JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
}

/** The headers a deprecated operation answers with (RFC 9745, RFC 8288). */
const DEPRECATION_HEADERS = {
  Deprecation: { schema: { type: 'string', const: 'true' } },
  Link: { description: 'The successor, `rel="successor-version"`', schema: { type: 'string' } },
};

const ref = (name: ComponentName): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

function operationObject(operation: ApiOperation, options: OpenApiOptions): JsonSchema {
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.successor === undefined ? {} : { deprecated: true }),
    parameters: parameters(operation),
    ...(operation.body === undefined ? {} : { requestBody: requestBody(operation) }),
    responses: {
      '200': success(operation),
      ...(operation.response === 'jsonrpc'
        ? { '202': { description: 'Accepted: the body held only notifications or responses' } }
        : {}),
      ...Object.fromEntries(
        operation.errors.map((status) => [
          String(status),
          {
            description: 'Error',
            content: { 'application/json': { schema: ref('ErrorOutput') } },
          },
        ]),
      ),
    },
    ...(operation.secured && !options.open ? { security: [{ bearerAuth: [] }] } : {}),
  };
}

function parameters(operation: ApiOperation): JsonSchema[] {
  const inPath = [...operation.path.matchAll(/\{([a-z_]+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = operation.query === undefined ? [] : queryParameters(operation.query);
  const header = operation.ifGraphCommit
    ? [{ name: IF_GRAPH_COMMIT_HEADER, in: 'header', required: true, schema: { type: 'string' } }]
    : [];
  return [...inPath, ...query, ...header];
}

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** A JSON-RPC 2.0 message of the Model Context Protocol, or a batch of them. */
const JSON_RPC: JsonSchema = {
  description: 'A JSON-RPC 2.0 message of the Model Context Protocol, or a batch of them',
  oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }],
};

function requestBody(operation: ApiOperation): JsonSchema {
  const { body } = operation;
  const content =
    body === 'ndjson'
      ? { 'application/x-ndjson': { schema: { type: 'string' } } }
      : {
          'application/json': {
            schema: body === undefined ? {} : body === 'jsonrpc' ? JSON_RPC : ref(body),
          },
        };
  return { required: operation.optionalBody !== true, content };
}

function success(operation: ApiOperation): JsonSchema {
  const { response } = operation;
  if (response === 'ndjson')
    return {
      description: 'NDJSON records',
      content: { 'application/x-ndjson': { schema: { type: 'string' } } },
    };
  if (response === 'openapi')
    return {
      description: 'OpenAPI document',
      content: { 'application/json': { schema: { type: 'object' } } },
    };
  if (response === 'jsonrpc')
    return {
      description: 'JSON-RPC responses',
      content: { 'application/json': { schema: JSON_RPC } },
    };
  const schema =
    response.length === 1 && response[0] !== undefined
      ? ref(response[0])
      : { anyOf: response.map(ref) };
  const headers = {
    ...(operation.successor === undefined ? {} : DEPRECATION_HEADERS),
    ...Object.fromEntries(
      Object.entries(operation.responseHeaders ?? {}).map(([name, description]) => [
        name,
        { description, schema: { type: 'string' } },
      ]),
    ),
  };
  return {
    description: 'OK',
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    content: { 'application/json': { schema } },
  };
}
