import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  BranchQuerySchema,
  ExportRequestSchema,
  QueryRequestSchema,
  ReadRequestSchema,
} from '../../api/http-requests.js';
import { readResultJson } from '../../api/read-result-json.js';
import { refuseMutationSource } from '../mutation-source.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody, parseQueryString } from '../request-input.js';
import { graphPath, markDeprecated, type RouteContext } from './route-context.js';

/** Snapshot metadata, inline reads (`/query`, deprecated `/read`) and the NDJSON export. */
export function registerReadRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/snapshot', async (request) => {
    const access = accessOf(request);
    const { branch } = parseQueryString(BranchQuerySchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read', { branch: branch ?? 'main' });
    return access.served.graph.snapshot(
      branch === undefined ? {} : { branch },
      callOptions(access),
    );
  });

  app.post('/graphs/:graph_id/query', async (request) => {
    const access = accessOf(request);
    const body = parseBody(QueryRequestSchema, request);
    refuseMutationSource(body.query, body.name);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    return access.served.graph.query(body, callOptions(access));
  });

  app.post('/graphs/:graph_id/read', async (request, reply) => {
    const access = accessOf(request);
    const body = parseBody(ReadRequestSchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    const result = await access.served.graph.query(
      {
        query: body.query_source,
        ...(body.query_name === undefined ? {} : { name: body.query_name }),
        ...(body.params === undefined ? {} : { params: body.params }),
        ...(body.branch === undefined ? {} : { branch: body.branch }),
        ...(body.snapshot === undefined ? {} : { snapshot: body.snapshot }),
      },
      callOptions(access),
    );
    markDeprecated(reply, graphPath(access.served.id, 'query'));
    return reply
      .type('application/json; charset=utf-8')
      .send(readResultJson(result, { legacy: true }));
  });

  app.post('/graphs/:graph_id/export', async (request, reply) => {
    const access = accessOf(request);
    const body = parseBody(ExportRequestSchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'export', { branch: body.branch ?? 'main' });
    const lines = access.served.graph.export(body, callOptions(access))[Symbol.asyncIterator]();
    // The first line settles authorization, the branch and the types before the 200 is sent;
    // a failure after it aborts the body.
    const first = await lines.next();
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .send(Readable.from(ndjsonLines(first, lines)));
  });
}

async function* ndjsonLines(
  first: IteratorResult<string>,
  rest: AsyncIterator<string>,
): AsyncGenerator<string> {
  let next = first;
  while (next.done !== true) {
    yield `${next.value}\n`;
    next = await rest.next();
  }
}
