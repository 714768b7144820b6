// The zod shapes of cluster.yaml, one per map. Every map denies unknown fields. Shapes check
// structure only; the rules with their own diagnostic codes (supported version, id syntax,
// references, …) are checked on the parsed values, so one section's mistake never hides
// another's. A nested section typed `z.unknown()` here is checked by its own shape.
import { z } from 'zod';

/** The top level: which keys exist. Each section is checked by its own shape. */
export const TOP_LEVEL_SHAPE = z.strictObject({
  version: z.unknown().optional(),
  metadata: z.unknown().optional(),
  storage: z.unknown().optional(),
  state: z.unknown().optional(),
  providers: z.unknown().optional(),
  graphs: z.unknown().optional(),
  policies: z.unknown().optional(),
});

/** `version` */
export const VERSION_SHAPE = z.number().int();

/** `metadata` */
export const METADATA_SHAPE = z.strictObject({ name: z.string() });

/** `storage` */
export const STORAGE_SHAPE = z.string();

/** `state` */
export const STATE_SHAPE = z.strictObject({
  backend: z.string().optional(),
  lock: z.boolean().optional(),
});

/** `providers`: only embedding providers exist. */
export const PROVIDERS_SHAPE = z.strictObject({
  embedding: z.record(z.string(), z.unknown()).optional(),
});

/** `providers.embedding.<name>`; `provider` is an alias of `kind`. */
export const EMBEDDING_PROFILE_SHAPE = z.strictObject({
  kind: z.string().optional(),
  provider: z.string().optional(),
  base_url: z.string().optional(),
  model: z.string().optional(),
  api_key: z.string().optional(),
});

/** `graphs` and `policies`: maps of declarations by name. */
export const DECLARATIONS_SHAPE = z.record(z.string(), z.unknown());

/** `graphs.<id>` */
export const GRAPH_SHAPE = z.strictObject({
  schema: z.string(),
  queries: z.unknown().optional(),
  embedding_provider: z.string().optional(),
  external_blobs: z.unknown().optional(),
});

/** `graphs.<id>.queries` as a directory. */
export const QUERY_DIR_SHAPE = z.string();

/** `graphs.<id>.queries` as a list of files. */
export const QUERY_LIST_SHAPE = z.array(z.string());

/** `graphs.<id>.queries` as a map of query name → its file. */
export const QUERY_MAP_SHAPE = z.record(z.string(), z.strictObject({ file: z.string() }));

/** `graphs.<id>.external_blobs` */
export const EXTERNAL_BLOBS_SHAPE = z.strictObject({
  allow: z.array(z.strictObject({ base: z.string(), scope: z.string() })).optional(),
});

/** `policies.<name>` */
export const POLICY_SHAPE = z.strictObject({
  file: z.string(),
  applies_to: z.array(z.string()).optional(),
});

/** An embedding profile as written. */
export type ProfileInput = z.infer<typeof EMBEDDING_PROFILE_SHAPE>;
