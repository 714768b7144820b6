// Response bodies of the HTTP API as zod schemas: the source of the OpenAPI document's response
// shapes (the server writes the api/ output types; a test validates real responses against the
// document generated from these).
import { z } from 'zod';
import { COMMIT_OPERATIONS } from './commit-output.js';
import { LOAD_MODES } from './load-output.js';

const count = z.number().int().nonnegative();
const nullableText = z.string().nullable();

/** `GET /healthz`. */
export const HealthOutputSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  internal_schema_version: z.number().int(),
  source_version: z.string().optional(),
});

/** `GET /graphs`: the ready graphs, sorted by id. */
export const GraphListOutputSchema = z.object({
  graphs: z.array(z.object({ graph_id: z.string(), uri: z.string() })),
});

/** `SnapshotOutput`. */
export const SnapshotOutputSchema = z.object({
  graph_branch: nullableText,
  graph_commit_id: z.string(),
  graph_manifest_version: count,
  internal_schema_version: z.number().int(),
  datasets: z.array(
    z.object({
      entity_kind: z.enum(['node', 'edge']),
      type_name: z.string(),
      dataset_path: z.string(),
      published_dataset_version: count,
      native_dataset_branch: nullableText,
      entity_count: count,
    }),
  ),
});

const readFields = {
  query_name: z.string(),
  target: z.object({ branch: nullableText, snapshot: nullableText }),
  row_count: count,
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
};

/** `QueryPlanNode`: one operator of a plan, its stages as children (an extension). */
export const QueryPlanNodeSchema = z
  .object({
    operator: z.string(),
    detail: z.string(),
    estimated_rows: count.optional(),
    rows: count.optional(),
    elapsed_ms: z.number().nonnegative().optional(),
    strategy: z.string().optional(),
    get children(): z.ZodArray<typeof QueryPlanNodeSchema> {
      return z.array(QueryPlanNodeSchema);
    },
  })
  .meta({ id: 'QueryPlanNode' });

/** `QueryExplainOutput` (`POST /graphs/{id}/query/explain`, an extension). */
export const QueryExplainOutputSchema = z.object({
  query_name: z.string(),
  plan: QueryPlanNodeSchema,
});

/** `CacheUsage`: what a graph's read caches hold against their shared byte budget. */
export const CacheUsageSchema = z
  .object({
    budget_bytes: count,
    used_bytes: count,
    caches: z.record(z.string(), z.object({ entries: count, bytes: count })),
  })
  .meta({ id: 'CacheUsage' });

/** `QueryProfileOutput`: the plan as it ran (`profile` of a read asked with `profile: true`). */
export const QueryProfileOutputSchema = z.object({
  query_name: z.string(),
  plan: QueryPlanNodeSchema,
  total_ms: z.number().nonnegative(),
  caches: CacheUsageSchema,
});

/** `ReadOutput`; `profile` only when the read asked for it (an extension). */
export const ReadOutputSchema = z.object({
  ...readFields,
  graph_commit_id: z.string(),
  profile: QueryProfileOutputSchema.optional(),
});

/** `LegacyReadOutput`: `ReadOutput` without `graph_commit_id` (the deprecated `/read`). */
export const LegacyReadOutputSchema = z.object(readFields);

/** `CommitOutput`; `created_at` is Unix microseconds. */
export const CommitOutputSchema = z.object({
  graph_commit_id: z.string(),
  graph_branch: nullableText,
  graph_manifest_version: count,
  parent_commit_id: nullableText,
  merged_parent_commit_id: nullableText,
  actor_id: nullableText,
  created_at: z.number().int(),
  operation: z.enum(COMMIT_OPERATIONS).optional(),
  message: z.string().optional(),
  data_reclaimed: z.literal(true).optional(),
});

/** `ChangeOutput`; `commit` is null when the mutation changed nothing. */
export const ChangeOutputSchema = z.object({
  branch: z.string(),
  query_name: z.string(),
  affected_nodes: count,
  affected_edges: count,
  actor_id: z.string().optional(),
  commit: CommitOutputSchema.nullable(),
});

const descriptorKind = z.enum([
  'string',
  'bool',
  'int',
  'bigint',
  'float',
  'date',
  'datetime',
  'blob',
  'vector',
  'list',
  'object',
]);

/** One declared parameter of a stored query. */
export const StoredQueryParamOutputSchema = z.object({
  name: z.string(),
  kind: descriptorKind,
  item_kind: descriptorKind.optional(),
  vector_dim: z.number().int().positive().optional(),
  nullable: z.boolean(),
});

/** `GET /graphs/{id}/queries`: the stored-query tool catalog, sorted by name. */
export const StoredQueryCatalogOutputSchema = z.object({
  queries: z.array(
    z.object({
      name: z.string(),
      tool_name: z.string(),
      description: z.string().optional(),
      instruction: z.string().optional(),
      mutation: z.boolean(),
      params: z.array(StoredQueryParamOutputSchema),
    }),
  ),
});

/** `GET /graphs/{id}/schema`. */
export const SchemaOutputSchema = z.object({ schema_source: z.string() });

/** `SchemaApplyOutput`. */
export const SchemaApplyOutputSchema = z.object({
  uri: z.string(),
  supported: z.boolean(),
  applied: z.boolean(),
  step_count: count,
  graph_manifest_version: count,
  steps: z.array(z.record(z.string(), z.unknown())),
});

const typeCount = z.object({ name: z.string(), entities_loaded: count });

const loadFields = {
  branch: z.string(),
  mode: z.enum(LOAD_MODES),
  base_branch: z.string().optional(),
  branch_created: z.boolean(),
  nodes: z.array(typeCount),
  edges: z.array(typeCount),
  total_entities: count,
  actor_id: z.string().optional(),
  commit: CommitOutputSchema.nullable(),
};

/** `IngestOutput` (`/load`, `/ingest`). */
export const IngestOutputSchema = z.object({ uri: z.string(), ...loadFields });

/** `GraphBatchLoadOutput` (`/load/ndjson`): `IngestOutput` without `uri`. */
export const GraphBatchLoadOutputSchema = z.object(loadFields);

/** `GET /graphs/{id}/branches`. */
export const BranchListOutputSchema = z.object({ branches: z.array(z.string()) });

/** `POST /graphs/{id}/branches`. */
export const BranchCreateOutputSchema = z.object({
  uri: z.string(),
  from: z.string(),
  name: z.string(),
  actor_id: z.string().optional(),
});

/** `DELETE /graphs/{id}/branches/{branch}`. */
export const BranchDeleteOutputSchema = z.object({
  uri: z.string(),
  name: z.string(),
  actor_id: z.string().optional(),
});

/** `POST /graphs/{id}/branches/merge`. */
export const BranchMergeOutputSchema = z.object({
  source: z.string(),
  target: z.string(),
  outcome: z.enum(['already_up_to_date', 'fast_forward', 'merged']),
  actor_id: z.string().optional(),
  commit: CommitOutputSchema.nullable(),
  dry_run: z.boolean().optional(),
  branch_deleted: z.boolean().optional(),
  branch_delete_error: z.string().optional(),
});

/** `GET /graphs/{id}/commits`: newest first. */
export const CommitListOutputSchema = z.object({ commits: z.array(CommitOutputSchema) });

const changeImage = z.object({
  properties: z.record(z.string(), z.unknown()),
  endpoints: z.object({ from: z.string(), to: z.string() }).optional(),
});

const entityChange = z.object({
  kind: z.enum(['node', 'edge']),
  type: z.object({ id: z.string(), name: z.string() }),
  id: z.string(),
  op: z.enum(['insert', 'update', 'delete']),
  before: changeImage.nullable(),
  after: changeImage.nullable(),
});

/** `CommitChangesOutput`: one page of a commit's entity diff. */
export const CommitChangesOutputSchema = z.object({
  cause: z.object({
    graph_commit_id: z.string(),
    parent_commit_id: nullableText,
    merged_parent_commit_id: nullableText,
    authored_branch: z.string(),
    actor_id: nullableText,
    authored_at: z.number().int(),
  }),
  changes: z.array(entityChange),
  next_page_token: nullableText,
});

/** `DiffBetweenOutput` (`GET /graphs/{id}/diff`): one page of the diff between two snapshots. */
export const DiffBetweenOutputSchema = z.object({
  from_commit_id: z.string(),
  to_commit_id: z.string(),
  into: z.string().optional(),
  changes: z.array(entityChange),
  next_page_token: nullableText,
});

/**
 * `ChangeFeedOutput`: one page of a change-feed poll; `next_page_token` on a page that is not the
 * last, `cursor` and `caught_up` on the terminal page.
 */
export const ChangeFeedOutputSchema = z.object({
  blocks: z.array(
    z.object({
      cause: CommitChangesOutputSchema.shape.cause,
      changes: CommitChangesOutputSchema.shape.changes,
    }),
  ),
  next_page_token: z.string().optional(),
  cursor: z.string().optional(),
  caught_up: z.boolean().optional(),
});
