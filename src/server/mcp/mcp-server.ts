import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolResult,
  type ListToolsResult,
} from '@modelcontextprotocol/sdk/types.js';
import { OmniError } from '../../util/omni-error.js';
import { errorResponse } from '../error-envelope.js';
import { SERVER_VERSION } from '../server-version.js';
import type { StoredQueryToolSource } from './stored-query-tools.js';
import { toolDefinition } from './tool-definition.js';
import { toolError, toolResult } from './tool-result.js';

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Called with a failure that is not an `OmniError` (a bug), which the agent sees as `internal error`. */
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * An MCP server (protocol only: connect it to a transport) whose tools are the stored queries
 * of `source`'s graph. `tools/list` lists them (a caller who may not read the catalog gets the
 * JSON-RPC error of the denial); `tools/call` runs one on `main` and answers its result, or a
 * tool error (`isError`) when the query fails: bad arguments (the message names the param), a
 * denied action, a conflict. An unknown tool is a JSON-RPC `InvalidParams` error.
 *
 * @example
 * const server = createMcpServer(source);
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(
  source: StoredQueryToolSource,
  options: McpServerOptions = {},
): McpServer {
  const mcp = new McpServer(
    { name: 'omnigraph', title: `OmniGraph graph '${source.graphId}'`, version: SERVER_VERSION },
    {
      instructions: `The tools are the stored queries of the OmniGraph graph '${source.graphId}': each runs one named, typed query on branch main. Read-only tools only read; the others commit a change.`,
    },
  );
  // The tools are made from the catalog at each request, with JSON Schemas of their own: the
  // protocol-level server answers `tools/list` and `tools/call` itself. (The capability is
  // declared here, not in the options, where McpServer would install handlers of its own.)
  const { server } = mcp;
  server.registerCapabilities({ tools: { listChanged: false } });
  server.setRequestHandler(ListToolsRequestSchema, async (): Promise<ListToolsResult> => {
    try {
      const queries = await source.list();
      return { tools: queries.map((query) => toolDefinition(query, source.graphId)) };
    } catch (error) {
      throw protocolError(error, options);
    }
  });
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args = {} } = request.params;
    let output: object | undefined;
    try {
      output = await source.call(name, args);
    } catch (error) {
      if (!(error instanceof OmniError)) options.onInternalError?.(error);
      return toolError(error);
    }
    if (output === undefined)
      throw jsonRpcError(
        ErrorCode.InvalidParams,
        `unknown tool '${name}': graph '${source.graphId}' has no stored query by that tool name`,
      );
    return toolResult(output);
  });
  return mcp;
}

/** A failure outside a tool call, as a JSON-RPC error carrying its message and envelope. */
function protocolError(error: unknown, options: McpServerOptions): Error {
  if (!(error instanceof OmniError)) {
    options.onInternalError?.(error);
    return jsonRpcError(ErrorCode.InternalError, 'internal error');
  }
  return jsonRpcError(ErrorCode.InvalidRequest, error.message, errorResponse(error).body);
}

/**
 * What a request handler throws to answer a JSON-RPC error: `code`, `message` as it is, and
 * `data`. (An `McpError` would prefix its message with `MCP error <code>: `, and the client
 * prefixes it again.)
 */
function jsonRpcError(code: ErrorCode, message: string, data?: unknown): Error {
  return Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
}
