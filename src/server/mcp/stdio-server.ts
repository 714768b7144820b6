import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The streams an MCP client talks over: the process's by default. */
export interface StdioStreams {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
}

/**
 * Serves `server` over stdio (newline-delimited JSON-RPC: requests on stdin, responses on
 * stdout; nothing else may be written to stdout) until the client closes stdin, then answers
 * the requests still running and closes. Resolves once the server is closed.
 */
export async function serveMcpOverStdio(
  server: McpServer,
  streams: StdioStreams = {},
): Promise<void> {
  const stdin = streams.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, streams.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  const running = new Set<RequestId>();
  let ended = false;
  const closeWhenIdle = (): void => {
    if (ended && running.size === 0) void server.close();
  };
  const end = (): void => {
    ended = true;
    closeWhenIdle();
  };
  stdin.once('end', end);
  stdin.once('close', end);
  await server.connect(transport);
  // Requests are counted from their arrival to their answer, so that the last answers are
  // written before an ended input closes the server.
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if (isRequest(message)) running.add(message.id);
    deliver?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (!isRequest(message) && 'id' in message && message.id !== undefined) {
      running.delete(message.id);
      closeWhenIdle();
    }
  };
  await closed;
  stdin.off('end', end);
  stdin.off('close', end);
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return 'method' in message && 'id' in message;
}
