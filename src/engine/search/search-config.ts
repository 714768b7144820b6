import { OmniError } from '../../util/omni-error.js';

/** Where full-text functions are answered: the Lance index when present, or forced. */
export type TextSearchMode = 'auto' | 'index' | 'memory';

/** Tunables of search execution. */
export interface SearchConfig {
  /**
   * `auto`: Lance's inverted index when the column has one at the read version, the exact
   * in-memory index otherwise; `memory` always uses the in-memory index (`index` is `auto`: no
   * index means no Lance search). From `OMNIGRAPH_TEXT_SEARCH_MODE`.
   */
  readonly textMode: TextSearchMode;
  /** IVF partitions probed by an indexed vector search (`OMNIGRAPH_VECTOR_NPROBES`). */
  readonly nprobes: number;
  /** Exact re-ranking of `limit × refineFactor` ANN candidates (`OMNIGRAPH_VECTOR_REFINE_FACTOR`). */
  readonly refineFactor: number;
  /**
   * A filtered vector search over at most this many rows scans them exactly instead of using
   * the index (an IVF search with a selective prefilter can miss rows).
   */
  readonly exactVectorRows: number;
  /** Rows each ranking contributes to `rrf` at least (`OMNIGRAPH_RRF_WINDOW`). */
  readonly rrfWindow: number;
}

/** The defaults. */
export const DEFAULT_SEARCH_CONFIG: SearchConfig = {
  textMode: 'auto',
  nprobes: 20,
  refineFactor: 1,
  exactVectorRows: 10_000,
  rrfWindow: 100,
};

type Env = Readonly<Record<string, string | undefined>>;

/** The search tunables of an environment; invalid values are a `configuration` error. */
export function searchConfigFromEnv(env: Env = process.env): SearchConfig {
  const mode = env.OMNIGRAPH_TEXT_SEARCH_MODE?.trim() || 'auto';
  if (mode !== 'auto' && mode !== 'index' && mode !== 'memory') {
    throw new OmniError(
      'configuration',
      `OMNIGRAPH_TEXT_SEARCH_MODE must be auto, index or memory, not '${mode}'`,
    );
  }
  return {
    textMode: mode,
    nprobes: positive(env, 'OMNIGRAPH_VECTOR_NPROBES', DEFAULT_SEARCH_CONFIG.nprobes),
    refineFactor: positive(
      env,
      'OMNIGRAPH_VECTOR_REFINE_FACTOR',
      DEFAULT_SEARCH_CONFIG.refineFactor,
    ),
    exactVectorRows: positive(
      env,
      'OMNIGRAPH_VECTOR_EXACT_ROWS',
      DEFAULT_SEARCH_CONFIG.exactVectorRows,
    ),
    rrfWindow: positive(env, 'OMNIGRAPH_RRF_WINDOW', DEFAULT_SEARCH_CONFIG.rrfWindow),
  };
}

function positive(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new OmniError('configuration', `${name} must be a positive integer, not '${text}'`);
  }
  return value;
}
