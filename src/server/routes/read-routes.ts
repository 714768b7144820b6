import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  BIGINT_COLUMNS_HEADER,
  bigintColumnsHeader,
  bigintColumnsOf,
} from '../../api/bigint-columns.js';
import {
  ExportRequestSchema,
  QueryExplainRequestSchema,
  QueryRequestSchema,
  ReadRequestSchema,
  SnapshotQuerySchema,
} from '../../api/http-requests.js';
import type { ResultRow } from '../../api/read-output.js';
import { readResultJson } from '../../api/read-result-json.js';
import { refuseMutationSource } from '../mutation-source.js';
import { accessOf, callOptions } from '../request-access.js';
import { parseBody, parseQueryString } from '../request-input.js';
import { graphPath, markDeprecated, type RouteContext } from './route-context.js';
import { sendNdjsonLines } from '../ndjson-reply.js';

/**
 * Snapshot metadata, inline reads (`/query`, its plan `/query/explain`, deprecated `/read`) and
 * the NDJSON export. Reads and the export take a branch head or a snapshot (a commit id).
 */
export function registerReadRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/graphs/:graph_id/snapshot', async (request) => {
    const access = accessOf(request);
    const target = parseQueryString(SnapshotQuerySchema, request);
    ctx.gate.beforeEngine(access.served, access.actor, 'read', branchScope(target));
    return access.served.graph.snapshot(target, callOptions(access));
  });

  app.post('/graphs/:graph_id/query', async (request, reply) => {
    const access = accessOf(request);
    const { profile, ...query } = parseBody(QueryRequestSchema, request);
    refuseMutationSource(query.query, query.name);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    const result = await access.served.graph.query(query, {
      ...callOptions(access),
      ...(profile === true ? { profile } : {}),
    });
    markBigintColumns(reply, result.rows);
    return result;
  });

  app.post('/graphs/:graph_id/query/explain', async (request) => {
    const access = accessOf(request);
    const query = parseBody(QueryExplainRequestSchema, request);
    refuseMutationSource(query.query, query.name);
    ctx.gate.beforeEngine(access.served, access.actor, 'read');
    return access.served.graph.explain(query, callOptions(access));
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
    ctx.gate.beforeEngine(access.served, access.actor, 'export', branchScope(body));
    const lines = access.served.graph.export(body, callOptions(access))[Symbol.asyncIterator]();
    // The first line settles authorization, the branch and the types before the 200 is sent;
    // a failure after it aborts the body.
    const first = await lines.next();
    return sendNdjsonLines(reply, first, lines);
  });
}

/** Names the result columns of 64-bit integers of a read's answer (`Omnigraph-Bigint-Columns`). */
export function markBigintColumns(reply: FastifyReply, rows: readonly ResultRow[]): void {
  void reply.header(BIGINT_COLUMNS_HEADER, bigintColumnsHeader(bigintColumnsOf(rows)));
}

/**
 * The branch the server's own decision (default deny) names: the branch read, `main` when none
 * is given; none for a snapshot, whose branch the engine resolves and decides on.
 */
function branchScope(target: { branch?: string; snapshot?: string }): { branch?: string } {
  return target.snapshot === undefined ? { branch: target.branch ?? 'main' } : {};
}
