import type { FastifyInstance, FastifyReply } from 'fastify';
import { graphTools } from '../mcp/graph-tools.js';
import { createMcpServer } from '../mcp/mcp-server.js';
import { answerMcpPost } from '../mcp/streamable-http.js';
import { accessOf } from '../request-access.js';
import type { RouteContext } from './route-context.js';

/**
 * The MCP endpoint of a graph (Streamable HTTP, stateless): its stored queries as tools for the
 * token's actor, behind the bearer auth of every graph route and the gates of the stored-query
 * routes. Each POST is answered by a fresh MCP server; GET (an event stream) and DELETE (a
 * session) are 405, as a stateless endpoint has neither.
 */
export function registerMcpRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/graphs/:graph_id/mcp', async (request, reply) => {
    const server = createMcpServer(graphTools(ctx, accessOf(request)), {
      onInternalError: (error) => {
        request.log.error({ err: error }, 'MCP tool call failed');
      },
    });
    const answer = await answerMcpPost(server, {
      // Only the path matters to the transport; the host header is the client's to choose.
      url: new URL(request.url, 'http://localhost').href,
      headers: request.headers,
      body: request.body,
    });
    void reply.code(answer.status).headers(answer.headers);
    return reply.send(answer.body === '' ? undefined : answer.body);
  });
  const notAllowed = async (_request: unknown, reply: FastifyReply) =>
    reply.code(405).header('Allow', 'POST').type('application/json; charset=utf-8').send({
      error: 'this MCP endpoint is stateless: send JSON-RPC messages with POST',
      code: 'method_not_allowed',
    });
  app.get('/graphs/:graph_id/mcp', notAllowed);
  app.delete('/graphs/:graph_id/mcp', notAllowed);
}
