// Request bodies and query strings of the HTTP API, as zod schemas: the server validates with
// them and the OpenAPI document is generated from them, so the two cannot drift. Objects are
// strict: an unknown field is a 400, not silently ignored.
import { z } from 'zod';
import { commitMessageProblem } from './commit-message.js';
import { LOAD_MODES } from './load-output.js';

/** JSON params keyed by the query's declared `$params` (without `$`); null or absent for none. */
const params = z.record(z.string(), z.unknown()).nullable().optional();

/**
 * The message a write records on its commit: well-formed Unicode, at most 4,096 characters;
 * empty (or absent) for none.
 */
const message = z
  .string()
  .superRefine((text, refinement) => {
    const problem = commitMessageProblem(text);
    if (problem !== undefined) refinement.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description:
      'a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none',
  })
  .optional();

/** The fields of an inline read: its source, the query to run, params, branch or snapshot. */
const readFields = {
  query: z.string(),
  name: z.string().optional(),
  params,
  branch: z.string().optional(),
  snapshot: z.string().optional(),
};

/**
 * `POST /graphs/{id}/query`: an inline read (`QueryRequest`); `profile: true` (an extension)
 * also measures each stage of the plan and answers the result with its `profile`.
 */
export const QueryRequestSchema = z.strictObject({
  ...readFields,
  profile: z
    .boolean()
    .meta({ description: 'also measure each stage of the plan: the result carries `profile`' })
    .optional(),
});

/** `POST /graphs/{id}/query/explain` (an extension): the read whose plan to show. */
export const QueryExplainRequestSchema = z.strictObject(readFields);

/** `POST /graphs/{id}/read` (deprecated): the legacy read (`ReadRequest`). */
export const ReadRequestSchema = z.strictObject({
  query_source: z.string(),
  query_name: z.string().optional(),
  params,
  branch: z.string().optional(),
  snapshot: z.string().optional(),
});

/**
 * `POST /graphs/{id}/export`: a branch head (default `main`) or a snapshot (a commit id; an
 * extension), and the types to export (empty: all).
 */
export const ExportRequestSchema = z.strictObject({
  branch: z.string().optional(),
  snapshot: z.string().optional(),
  type_names: z.array(z.string()).optional(),
});

/**
 * `POST /graphs/{id}/mutate` and `/change` (`ChangeRequest`). `query_source` and `query_name`
 * are the legacy names of `query` and `name`; exactly one of each pair may be sent.
 */
export const ChangeRequestSchema = z
  .strictObject({
    query: z.string().optional(),
    query_source: z.string().optional(),
    name: z.string().optional(),
    query_name: z.string().optional(),
    params,
    branch: z.string().optional(),
    message,
  })
  .refine((body) => (body.query === undefined) !== (body.query_source === undefined), {
    message: 'send exactly one of query and query_source',
  })
  .refine((body) => body.name === undefined || body.query_name === undefined, {
    message: 'send at most one of name and query_name',
  });

/** `POST /graphs/{id}/queries/{name}`: the optional body of a stored-query invocation. */
export const InvokeStoredQueryRequestSchema = z.strictObject({
  params,
  branch: z.string().optional(),
  snapshot: z.string().optional(),
  /** Refuse to run unless the stored query is (true) or is not (false) a mutation. */
  expect_mutation: z.boolean().optional(),
  /** Recorded on the commit of a stored mutation (a read records nothing). */
  message,
});

/** `POST /graphs/{id}/schema/apply`. */
export const SchemaApplyRequestSchema = z.strictObject({
  schema_source: z.string(),
  allow_data_loss: z.boolean().optional(),
  message,
});

const loadMode = z.enum(LOAD_MODES);

/** `POST /graphs/{id}/load` and `/ingest` (`IngestRequest`): NDJSON in a JSON envelope. */
export const IngestRequestSchema = z.strictObject({
  data: z.string(),
  branch: z.string().optional(),
  from: z.string().optional(),
  mode: loadMode.optional(),
  message,
});

/** The query string of `POST /graphs/{id}/load/ndjson`. */
export const LoadNdjsonQuerySchema = z.strictObject({
  branch: z.string().optional(),
  from: z.string().optional(),
  mode: loadMode.optional(),
  message,
});

/** `POST /graphs/{id}/branches`. */
export const BranchCreateRequestSchema = z.strictObject({
  name: z.string(),
  from: z.string().optional(),
});

/** `POST /graphs/{id}/branches/merge`. */
export const BranchMergeRequestSchema = z.strictObject({
  source: z.string(),
  target: z.string().optional(),
  delete_branch: z.boolean().optional(),
  dry_run: z.boolean().optional(),
  message,
});

/** The query string of `GET /graphs/{id}/commits`. */
export const BranchQuerySchema = z.strictObject({
  branch: z.string().optional(),
});

/** The query string of `GET /graphs/{id}/snapshot`: a branch head or (an extension) a commit. */
export const SnapshotQuerySchema = z.strictObject({
  branch: z.string().optional(),
  snapshot: z.string().optional(),
});

/** A query-string parameter that may repeat: one value or several, always a list after parsing. */
function repeatable<T extends z.ZodType<string>>(item: T) {
  return z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]));
}

/** The query string of `GET /graphs/{id}/commits/{commit_id}/changes`. */
export const CommitChangesQuerySchema = z.strictObject({
  page_token: z.string().optional(),
  limit: z
    .string()
    .regex(/^[0-9]+$/, 'limit must be a positive integer')
    .transform(Number)
    .refine((limit) => limit > 0, 'limit must be a positive integer')
    .optional(),
  kind: repeatable(z.enum(['node', 'edge'])).optional(),
  type: repeatable(z.string()).optional(),
  op: repeatable(z.enum(['insert', 'update', 'delete'])).optional(),
});

/**
 * The query string of `GET /graphs/{id}/diff` (an extension): `to` and `from` (two-point) or
 * `to` and `into` (from their merge base; `into` defaults to `main`), plus the filters and paging
 * of a commit's changes.
 */
export const DiffBetweenQuerySchema = CommitChangesQuerySchema.extend({
  to: z.string(),
  from: z.string().optional(),
  into: z.string().optional(),
});

/**
 * The query string of `GET /graphs/{id}/changes` (a change-feed poll): at most one of `cursor`,
 * `start` and `page_token` (checked by the feed, with the messages of the reference).
 */
export const ChangeFeedQuerySchema = z.strictObject({
  branch: z.string().optional(),
  cursor: z.string().optional(),
  start: z
    .string()
    .meta({ description: '`now` (default), `beginning` or `after:<commit_id>`' })
    .optional(),
  ...CommitChangesQuerySchema.shape,
});

/** `POST /graphs/{id}/changes/baseline`: the branch (default `main`) and the feed's filter. */
export const ChangesBaselineRequestSchema = z.strictObject({
  branch: z.string().optional(),
  kind: z.array(z.enum(['node', 'edge'])).optional(),
  type: z.array(z.string()).optional(),
  op: z.array(z.enum(['insert', 'update', 'delete'])).optional(),
});

/** A parsed body of {@link QueryRequestSchema}. */
export type QueryRequestBody = z.output<typeof QueryRequestSchema>;
/** A parsed body of {@link ChangeRequestSchema}. */
export type ChangeRequestBody = z.output<typeof ChangeRequestSchema>;
/** A parsed body of {@link InvokeStoredQueryRequestSchema}. */
export type InvokeStoredQueryRequestBody = z.output<typeof InvokeStoredQueryRequestSchema>;
