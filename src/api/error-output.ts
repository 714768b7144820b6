import { z } from 'zod';

/** The closed vocabulary of the error envelope's `code` (`ErrorCode` on the wire). */
export const WIRE_ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'bad_request',
  'not_found',
  'method_not_allowed',
  'conflict',
  'too_many_requests',
  'internal',
] as const;

/** One of {@link WIRE_ERROR_CODES}. */
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

const text = z.string();
const int = z.number().int();

/** One conflict of a refused merge (`MergeConflictOutput`). */
export const MergeConflictOutputSchema = z.object({
  entity_kind: z.enum(['node', 'edge']),
  type_name: text,
  entity_id: text.optional(),
  kind: z.enum([
    'divergent_insert',
    'divergent_update',
    'delete_vs_update',
    'orphan_edge',
    'unique_violation',
    'cardinality_violation',
    'value_constraint_violation',
  ]),
  message: text,
});

/**
 * The JSON body of every error response (`ErrorOutput`): a message, a code (omitted for the
 * kinds whose status says it all: 410, 412 on a graph commit, 424, 503), and the structured
 * facts of the failure under their own keys.
 */
export const ErrorOutputSchema = z.object({
  error: text,
  code: z.enum(WIRE_ERROR_CODES).nullable().optional(),
  merge_conflicts: z.array(MergeConflictOutputSchema).optional(),
  published_dataset_version_conflict: z
    .object({
      entity_kind: text,
      type_name: text,
      expected_published_dataset_version: int,
      actual_published_dataset_version: int,
    })
    .optional(),
  key_conflict: z
    .object({ entity_kind: text, type_name: text, entity_id: text.optional() })
    .optional(),
  read_set_conflict: z
    .object({ member: text, expected: text.optional(), actual: text.optional() })
    .optional(),
  resource_limit: z.object({ resource: text, limit: int, actual: int }).optional(),
  external_blob_source: z.object({ uri: text, reason: text }).optional(),
  blob_range: z.object({ start: int, end: int, length: int }).optional(),
  recovery_required: z.object({ operation_id: text }).optional(),
  precondition_failure: z.object({ expected: text, actual: text.nullable().optional() }).optional(),
  change_feed_gap: z
    .object({ cursor: text.optional(), first_unreadable_commit_id: text })
    .optional(),
  change_diff_refusal: z
    .object({
      reason: z.enum(['parentless_commit', 'schema_boundary', 'unknown']),
      graph_commit_id: text,
      type_name: text.optional(),
    })
    .optional(),
});

/** The error envelope. */
export type ErrorOutput = z.output<typeof ErrorOutputSchema>;

/** The structured fields of {@link ErrorOutput} besides `error` and `code`. */
export const ERROR_DETAIL_FIELDS = [
  'merge_conflicts',
  'published_dataset_version_conflict',
  'key_conflict',
  'read_set_conflict',
  'resource_limit',
  'external_blob_source',
  'blob_range',
  'recovery_required',
  'precondition_failure',
  'change_feed_gap',
  'change_diff_refusal',
] as const satisfies readonly (keyof ErrorOutput)[];
