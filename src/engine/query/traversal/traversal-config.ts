import { OmniError } from '../../../util/omni-error.js';

/** How traversals pick a strategy: by the cost model, or forced (`OMNIGRAPH_TRAVERSAL_MODE`). */
export type TraversalMode = 'auto' | 'indexed' | 'csr';

/** Tunables of traversal planning (engine.md §10). */
export interface TraversalConfig {
  readonly mode: TraversalMode;
  /** Largest per-hop frontier the indexed strategy looks up. */
  readonly indexedMaxFrontier: number;
  /** Deepest traversal the indexed strategy takes. */
  readonly indexedMaxHops: number;
  /**
   * Build the topology index when the indexed strategy would touch at least
   * `edges / csrBuildFactor` edges: building reads every edge once, but then serves every later
   * query of that table version from memory.
   */
  readonly csrBuildFactor: number;
}

/** The defaults of engine.md §10. */
export const DEFAULT_TRAVERSAL_CONFIG: TraversalConfig = {
  mode: 'auto',
  indexedMaxFrontier: 1024,
  indexedMaxHops: 6,
  csrBuildFactor: 1.5,
};

/** The traversal tunables from the environment; invalid values are a `configuration` error. */
export function traversalConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TraversalConfig {
  return {
    mode: mode(env.OMNIGRAPH_TRAVERSAL_MODE),
    indexedMaxFrontier: positive(
      env,
      'OMNIGRAPH_EXPAND_INDEXED_MAX_FRONTIER',
      DEFAULT_TRAVERSAL_CONFIG.indexedMaxFrontier,
    ),
    indexedMaxHops: positive(
      env,
      'OMNIGRAPH_EXPAND_INDEXED_MAX_HOPS',
      DEFAULT_TRAVERSAL_CONFIG.indexedMaxHops,
    ),
    csrBuildFactor: positive(env, 'CSR_BUILD_FACTOR', DEFAULT_TRAVERSAL_CONFIG.csrBuildFactor),
  };
}

function mode(text: string | undefined): TraversalMode {
  if (text === undefined || text.trim() === '' || text === 'auto') return 'auto';
  if (text === 'indexed' || text === 'csr') return text;
  throw new OmniError(
    'configuration',
    `OMNIGRAPH_TRAVERSAL_MODE must be indexed or csr, not '${text}'`,
  );
}

function positive(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new OmniError('configuration', `${name} must be a positive number, not '${text}'`);
  }
  return value;
}
