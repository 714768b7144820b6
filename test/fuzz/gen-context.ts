import type { GraphModel } from './graph-model.js';
import type { Rng } from './rng.js';
import type { FuzzSchema } from './schema-gen.js';

/** What a generator draws from: its randomness, the schema, and what the graph holds. */
export interface GenContext {
  readonly rng: Rng;
  readonly schema: FuzzSchema;
  readonly model: GraphModel;
  /** Branches other than main that exist. */
  readonly branches: readonly string[];
  /** Commits of main, oldest first (time-travel targets). */
  readonly commits: readonly string[];
  readonly caseIndex: number;
  /** A number no other call in this session returns (keeps `@unique` values and keys apart). */
  fresh(): number;
}

export function genContext(fields: Omit<GenContext, 'fresh'>): GenContext {
  let next = 0;
  // Inputs of one session (the seed load is -1) never share a fresh number, and none is
  // negative: 10,000 per input is more than any uses.
  return { ...fields, fresh: () => (fields.caseIndex + 1) * 10_000 + next++ };
}
