import type { JsonObject } from './json-value.js';

/** The accepted `.pg` source of a graph. */
export interface SchemaOutput {
  readonly schema_source: string;
}

/**
 * A schema migration to `schema_source`. Drops are soft (old data stays readable by time travel
 * until `cleanup`) unless `allow_data_loss` makes them hard.
 */
export interface SchemaApplyRequest {
  readonly schema_source: string;
  readonly allow_data_loss?: boolean;
}

/**
 * A migration plan or its application (`SchemaApplyOutput`). `steps` are the planned steps in
 * order (each `{kind, …}`); `supported` is false when a step cannot be applied.
 * `graph_manifest_version` is the new commit's when applied, else main's current one.
 */
export interface SchemaApplyOutput {
  readonly uri: string;
  readonly supported: boolean;
  readonly applied: boolean;
  readonly step_count: number;
  readonly graph_manifest_version: number;
  readonly steps: readonly JsonObject[];
}
