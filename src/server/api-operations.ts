import type { z } from 'zod';
import { BIGINT_COLUMNS_HEADER } from '../api/bigint-columns.js';
import { ErrorOutputSchema } from '../api/error-output.js';
import {
  BranchCreateRequestSchema,
  BranchMergeRequestSchema,
  BranchQuerySchema,
  ChangeRequestSchema,
  CommitChangesQuerySchema,
  ExportRequestSchema,
  IngestRequestSchema,
  InvokeStoredQueryRequestSchema,
  LoadNdjsonQuerySchema,
  QueryExplainRequestSchema,
  QueryRequestSchema,
  ReadRequestSchema,
  SchemaApplyRequestSchema,
  SnapshotQuerySchema,
} from '../api/http-requests.js';
import {
  BranchCreateOutputSchema,
  BranchDeleteOutputSchema,
  BranchListOutputSchema,
  BranchMergeOutputSchema,
  ChangeOutputSchema,
  CommitChangesOutputSchema,
  CommitListOutputSchema,
  CommitOutputSchema,
  GraphBatchLoadOutputSchema,
  GraphListOutputSchema,
  HealthOutputSchema,
  IngestOutputSchema,
  LegacyReadOutputSchema,
  QueryExplainOutputSchema,
  ReadOutputSchema,
  SchemaApplyOutputSchema,
  SchemaOutputSchema,
  SnapshotOutputSchema,
  StoredQueryCatalogOutputSchema,
} from '../api/http-responses.js';

/** Every wire shape the document names, by component name. */
export const COMPONENT_SCHEMAS = {
  ErrorOutput: ErrorOutputSchema,
  HealthOutput: HealthOutputSchema,
  GraphListOutput: GraphListOutputSchema,
  SnapshotOutput: SnapshotOutputSchema,
  QueryRequest: QueryRequestSchema,
  ReadRequest: ReadRequestSchema,
  ReadOutput: ReadOutputSchema,
  QueryExplainRequest: QueryExplainRequestSchema,
  QueryExplainOutput: QueryExplainOutputSchema,
  LegacyReadOutput: LegacyReadOutputSchema,
  ExportRequest: ExportRequestSchema,
  ChangeRequest: ChangeRequestSchema,
  ChangeOutput: ChangeOutputSchema,
  CommitOutput: CommitOutputSchema,
  StoredQueryCatalogOutput: StoredQueryCatalogOutputSchema,
  InvokeStoredQueryRequest: InvokeStoredQueryRequestSchema,
  SchemaOutput: SchemaOutputSchema,
  SchemaApplyRequest: SchemaApplyRequestSchema,
  SchemaApplyOutput: SchemaApplyOutputSchema,
  IngestRequest: IngestRequestSchema,
  IngestOutput: IngestOutputSchema,
  GraphBatchLoadOutput: GraphBatchLoadOutputSchema,
  BranchListOutput: BranchListOutputSchema,
  BranchCreateRequest: BranchCreateRequestSchema,
  BranchCreateOutput: BranchCreateOutputSchema,
  BranchDeleteOutput: BranchDeleteOutputSchema,
  BranchMergeRequest: BranchMergeRequestSchema,
  BranchMergeOutput: BranchMergeOutputSchema,
  CommitListOutput: CommitListOutputSchema,
  CommitChangesOutput: CommitChangesOutputSchema,
} satisfies Record<string, z.ZodType>;

/** A component name. */
export type ComponentName = keyof typeof COMPONENT_SCHEMAS;

/** One operation of the HTTP API, as the OpenAPI document describes it. */
export interface ApiOperation {
  readonly method: 'get' | 'post' | 'delete';
  /** The path in OpenAPI form (`/graphs/{graph_id}/query`). */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  /** A JSON body (a component), or raw NDJSON. */
  readonly body?: ComponentName | 'ndjson';
  /** Whether the body may be omitted. */
  readonly optionalBody?: boolean;
  readonly query?: z.ZodObject;
  /** The 200 body: components (several: any of them), NDJSON, or the document itself. */
  readonly response: readonly ComponentName[] | 'ndjson' | 'openapi';
  /** The documented error statuses (each answers an `ErrorOutput`). */
  readonly errors: readonly number[];
  /** Takes `Omnigraph-If-Graph-Commit` (required). */
  readonly ifGraphCommit?: boolean;
  /** The successor of a deprecated operation. */
  readonly successor?: string;
  /** Headers of the 200 response, by name, with what they carry. */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Needs a bearer token when the server authenticates. */
  readonly secured: boolean;
}

const G = '/graphs/{graph_id}';
const WRITE = [400, 401, 403, 404, 409, 413, 429, 503];

/** Every operation the server answers, in the order of the reference. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness',
    response: ['HealthOutput'],
    errors: [],
    secured: false,
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    response: 'openapi',
    errors: [],
    secured: false,
  },
  {
    method: 'get',
    path: '/graphs',
    operationId: 'listGraphs',
    summary: 'List the ready graphs',
    response: ['GraphListOutput'],
    errors: [401, 403],
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/snapshot`,
    operationId: 'cluster_snapshot',
    summary: 'Snapshot metadata of a branch head or a commit',
    query: SnapshotQuerySchema,
    response: ['SnapshotOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/query`,
    operationId: 'cluster_query',
    summary: 'Run an inline read query',
    body: 'QueryRequest',
    response: ['ReadOutput'],
    responseHeaders: {
      [BIGINT_COLUMNS_HEADER]:
        'The result columns of 64-bit integers (I64, U64, lists of them), percent-encoded, comma-separated; empty for none',
    },
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/query/explain`,
    operationId: 'cluster_query_explain',
    summary: 'The plan an inline read query would run, without running it',
    body: 'QueryExplainRequest',
    response: ['QueryExplainOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/read`,
    operationId: 'cluster_read',
    summary: 'Run an inline read query (legacy)',
    body: 'ReadRequest',
    response: ['LegacyReadOutput'],
    errors: [400, 401, 403, 404],
    successor: 'query',
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/export`,
    operationId: 'cluster_export',
    summary: 'Export a branch head or a commit as NDJSON',
    body: 'ExportRequest',
    optionalBody: true,
    response: 'ndjson',
    errors: [400, 401, 403, 404, 409, 413, 415, 503],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/mutate`,
    operationId: 'cluster_mutate',
    summary: 'Run a mutation',
    body: 'ChangeRequest',
    response: ['ChangeOutput'],
    errors: WRITE,
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/mutate/if-graph-commit`,
    operationId: 'cluster_mutate_if_graph_commit',
    summary: 'Run a mutation if the branch head is a given commit',
    body: 'ChangeRequest',
    response: ['ChangeOutput'],
    errors: [...WRITE, 412],
    ifGraphCommit: true,
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/change`,
    operationId: 'cluster_change',
    summary: 'Run a mutation (legacy)',
    body: 'ChangeRequest',
    response: ['ChangeOutput'],
    errors: WRITE,
    successor: 'mutate',
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/queries`,
    operationId: 'cluster_list_queries',
    summary: 'Stored-query tool catalog',
    response: ['StoredQueryCatalogOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/queries/{name}`,
    operationId: 'cluster_invoke_query',
    summary: 'Invoke a stored query',
    body: 'InvokeStoredQueryRequest',
    optionalBody: true,
    response: ['ReadOutput', 'ChangeOutput'],
    errors: [...WRITE, 500],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/queries/{name}/if-graph-commit`,
    operationId: 'cluster_invoke_query_if_graph_commit',
    summary: 'Invoke a stored mutation if the branch head is a given commit',
    body: 'InvokeStoredQueryRequest',
    optionalBody: true,
    response: ['ChangeOutput'],
    errors: [...WRITE, 412, 500],
    ifGraphCommit: true,
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/schema`,
    operationId: 'cluster_schema',
    summary: 'The accepted .pg source',
    response: ['SchemaOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/schema/apply`,
    operationId: 'cluster_schema_apply',
    summary: 'Schema migration (refused: the cluster owns schemas)',
    body: 'SchemaApplyRequest',
    response: ['SchemaApplyOutput'],
    errors: [400, 401, 403, 404, 409],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/load`,
    operationId: 'cluster_load',
    summary: 'Load NDJSON sent in a JSON envelope',
    body: 'IngestRequest',
    response: ['IngestOutput'],
    errors: [...WRITE, 415],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/load/ndjson`,
    operationId: 'cluster_load_ndjson',
    summary: 'Load a raw NDJSON graph batch',
    body: 'ndjson',
    query: LoadNdjsonQuerySchema,
    response: ['GraphBatchLoadOutput'],
    errors: [...WRITE, 415],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/ingest`,
    operationId: 'cluster_ingest',
    summary: 'Load NDJSON (legacy)',
    body: 'IngestRequest',
    response: ['IngestOutput'],
    errors: [...WRITE, 415],
    successor: 'load',
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/branches`,
    operationId: 'cluster_list_branches',
    summary: 'List branches',
    response: ['BranchListOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/branches`,
    operationId: 'cluster_create_branch',
    summary: 'Create a branch',
    body: 'BranchCreateRequest',
    response: ['BranchCreateOutput'],
    errors: [400, 401, 403, 404, 409, 429, 503],
    secured: true,
  },
  {
    method: 'delete',
    path: `${G}/branches/{branch}`,
    operationId: 'cluster_delete_branch',
    summary: 'Delete a branch',
    response: ['BranchDeleteOutput'],
    errors: [400, 401, 403, 404, 409, 429, 503],
    secured: true,
  },
  {
    method: 'post',
    path: `${G}/branches/merge`,
    operationId: 'cluster_merge_branch',
    summary: 'Merge a branch into another',
    body: 'BranchMergeRequest',
    response: ['BranchMergeOutput'],
    errors: WRITE,
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/commits`,
    operationId: 'cluster_list_commits',
    summary: 'List commits, newest first',
    query: BranchQuerySchema,
    response: ['CommitListOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/commits/{commit_id}`,
    operationId: 'cluster_show_commit',
    summary: 'One commit',
    response: ['CommitOutput'],
    errors: [400, 401, 403, 404],
    secured: true,
  },
  {
    method: 'get',
    path: `${G}/commits/{commit_id}/changes`,
    operationId: 'cluster_commit_changes',
    summary: "A commit's entity diff against its first parent",
    query: CommitChangesQuerySchema,
    response: ['CommitChangesOutput'],
    errors: [400, 401, 404, 409, 410, 413, 500, 503],
    secured: true,
  },
];
