import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/** One HTTP request to an MCP endpoint, its JSON body already parsed. */
export interface McpHttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: unknown;
}

/** The HTTP answer to an {@link McpHttpRequest}: JSON-RPC responses as JSON, or none (202). */
export interface McpHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for a 202 (notifications and responses only). */
  readonly body: string;
}

/**
 * Answers one POST of the Streamable HTTP transport, statelessly: `server` (fresh for this
 * request) is connected to a transport of its own that issues no session id and answers in JSON
 * rather than an event stream; both are closed once the answer is ready. The transport checks
 * the `Accept` header (`application/json` and `text/event-stream`) and the JSON-RPC shape.
 */
export async function answerMcpPost(
  server: McpServer,
  request: McpHttpRequest,
): Promise<McpHttpResponse> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(
      new Request(request.url, { method: 'POST', headers: webHeaders(request.headers) }),
      { parsedBody: request.body },
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  } finally {
    await server.close();
  }
}

function webHeaders(headers: McpHttpRequest['headers']): Headers {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) web.append(name, item);
  }
  return web;
}
