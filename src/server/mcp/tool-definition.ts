import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { StoredQueryDescription } from './stored-query-tools.js';
import { toolInputSchema } from './tool-input-schema.js';

/**
 * The MCP tool of a stored query: its tool name; a description made of the query's
 * `@description` and `@instruction` annotations (or, without them, what kind of query it is);
 * an input schema of its params; and hints: a read is read-only, a mutation may change or
 * delete data (it commits on `main`). No tool reaches beyond the graph.
 *
 * @example
 * toolDefinition({ name: 'get_person', toolName: 'get_person', mutation: false, params: [] }, 'people')
 * // { name: 'get_person', description: "Stored read query 'get_person' of graph 'people'.", … }
 */
export function toolDefinition(query: StoredQueryDescription, graphId: string): Tool {
  return {
    name: query.toolName,
    title: query.name,
    description: toolDescription(query, graphId),
    inputSchema: toolInputSchema(query.params),
    annotations: query.mutation
      ? {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: false,
          openWorldHint: false,
        }
      : { readOnlyHint: true, openWorldHint: false },
  };
}

/** `@description`, then `@instruction`, then what running it does. */
function toolDescription(query: StoredQueryDescription, graphId: string): string {
  const kind = query.mutation
    ? `Stored mutation '${query.name}' of graph '${graphId}': each call commits its changes on branch main.`
    : `Stored read query '${query.name}' of graph '${graphId}' (reads branch main).`;
  return [query.description, query.instruction, kind]
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .join('\n\n');
}
