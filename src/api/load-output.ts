import { OmniError } from '../util/omni-error.js';
import type { CommitOutput } from './commit-output.js';

/**
 * How a load treats entities that already exist: `append` refuses them (`key_conflict`), `merge`
 * upserts by id, `overwrite` replaces the whole image of every type the input names.
 */
export type LoadMode = 'append' | 'merge' | 'overwrite';

/** Every load mode, in the order help texts list them. */
export const LOAD_MODES: readonly LoadMode[] = ['overwrite', 'append', 'merge'];

/** Validates a mode name from user input (`bad_request` naming the choices). */
export function parseLoadMode(value: string): LoadMode {
  const mode = LOAD_MODES.find((candidate) => candidate === value);
  if (mode !== undefined) return mode;
  throw new OmniError(
    'bad_request',
    `invalid load mode '${value}'; expected one of ${LOAD_MODES.join(', ')}`,
    { details: { mode: value } },
  );
}

/**
 * Strict NDJSON in load format (one `{"type":…}` or `{"edge":…}` object per line): the text
 * itself, its UTF-8 bytes, or a file to read.
 */
export type LoadData = string | Uint8Array | { readonly path: string };

/**
 * A load (`IngestRequest`): the data, the mode (default `merge`), the branch to write (default
 * `main`; it must exist unless `from` is given, which forks it from that branch first).
 */
export interface LoadRequest {
  readonly data: LoadData;
  readonly mode?: LoadMode;
  readonly branch?: string;
  readonly from?: string;
}

/** Count of entities loaded for one type. */
export interface TypeLoadCount {
  readonly name: string;
  readonly entities_loaded: number;
}

/**
 * Progress of a long load, reported to a callback. A local load validates, writes and publishes;
 * a load to a server reports `upload` (the bytes of the file sent) until the server answers.
 */
export interface LoadProgress {
  readonly phase: 'validate' | 'write' | 'publish' | 'upload';
  /** Input lines (validate), rows (write) or bytes (upload) done so far. */
  readonly done: number;
  /** Total when known (rows after validation, the file's size for an upload). */
  readonly total: number | undefined;
  /** Input bytes consumed so far, when the phase counts them. */
  readonly bytes?: number;
  /** The input's size in bytes, when known. */
  readonly totalBytes?: number;
}

/** The result of a load (`IngestOutput`); `nodes` and `edges` are sorted by name. */
export interface LoadOutput {
  readonly uri: string;
  readonly branch: string;
  readonly mode: LoadMode;
  /** The branch forked from; present only when the request named `from`. */
  readonly base_branch?: string;
  readonly branch_created: boolean;
  readonly nodes: readonly TypeLoadCount[];
  readonly edges: readonly TypeLoadCount[];
  readonly total_entities: number;
  /** Who acted, when an actor did. */
  readonly actor_id?: string;
  /** The published commit, or null when the load changed nothing. */
  readonly commit: CommitOutput | null;
}
