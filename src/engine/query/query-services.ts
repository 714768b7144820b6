import { createEmbeddingProvider } from '../embedding/create-provider.js';
import { embeddingConfigFromEnv } from '../embedding/embedding-config.js';
import type { EmbeddingProvider } from '../embedding/embedding-provider.js';
import type { IndexInfo } from '../lance/table-indexes.js';
import { PinnedCache } from '../search/pinned-cache.js';
import { searchConfigFromEnv, type SearchConfig } from '../search/search-config.js';
import type { TextIndex } from '../search/text-index.js';
import { OmniError } from '../../util/omni-error.js';
import { ColumnCache, DEFAULT_COLUMN_CACHE_BYTES } from './column-cache.js';
import { CompiledQueries } from './compiled-queries.js';
import { TopologyCache } from './traversal/topology-cache.js';
import { traversalConfigFromEnv, type TraversalConfig } from './traversal/traversal-config.js';
import type { StrategyLog } from './traversal/traversal-planner.js';

/** In-memory text indexes kept (each is one column of one table version). */
const TEXT_INDEX_CACHE_SIZE = 8;
/** Index listings kept (one per table version read). */
const INDEX_LIST_CACHE_SIZE = 256;

/**
 * What outlives one query: caches keyed by immutable table versions, tunables, and the embedding
 * provider. One per open graph handle.
 */
export interface QueryServices {
  /** Compiled queries by schema, source and name. */
  readonly compiled: CompiledQueries;
  readonly topology: TopologyCache;
  /** Decoded scalar columns of table versions (`OMNIGRAPH_COLUMN_CACHE_BYTES`). */
  readonly columns: ColumnCache;
  readonly traversal: TraversalConfig;
  readonly search: SearchConfig;
  /** Exact in-memory text indexes, by table version and column. */
  readonly textIndexes: PinnedCache<TextIndex>;
  /** The indexes each table version has. */
  readonly indexLists: PinnedCache<IndexInfo[]>;
  /** The embedding provider for text `nearest` queries (created on first use). */
  readonly embedder: () => EmbeddingProvider;
  /** Told which strategy served each traversal. */
  readonly onStrategy?: StrategyLog;
}

/** Options of {@link createQueryServices}; each overrides what the environment says. */
export interface QueryServicesOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly traversal?: Partial<TraversalConfig>;
  readonly search?: Partial<SearchConfig>;
  readonly embedder?: EmbeddingProvider;
  readonly onStrategy?: StrategyLog;
  /** Byte budget of the column cache; 0 disables it. */
  readonly columnCacheBytes?: number;
}

/** Services configured from the environment (engine.md §10, cluster.md §11). */
export function createQueryServices(options: QueryServicesOptions = {}): QueryServices {
  const env = options.env ?? process.env;
  let embedder = options.embedder;
  return {
    compiled: new CompiledQueries(),
    topology: new TopologyCache(),
    columns: new ColumnCache(options.columnCacheBytes ?? columnCacheBytesFromEnv(env)),
    traversal: { ...traversalConfigFromEnv(env), ...options.traversal },
    search: { ...searchConfigFromEnv(env), ...options.search },
    textIndexes: new PinnedCache(TEXT_INDEX_CACHE_SIZE),
    indexLists: new PinnedCache(INDEX_LIST_CACHE_SIZE),
    embedder: () => (embedder ??= createEmbeddingProvider(embeddingConfigFromEnv(env))),
    ...(options.onStrategy === undefined ? {} : { onStrategy: options.onStrategy }),
  };
}

/** `OMNIGRAPH_COLUMN_CACHE_BYTES`: a non-negative integer; invalid values are a `configuration` error. */
function columnCacheBytesFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.OMNIGRAPH_COLUMN_CACHE_BYTES;
  if (text === undefined || text.trim() === '') return DEFAULT_COLUMN_CACHE_BYTES;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OmniError(
      'configuration',
      `OMNIGRAPH_COLUMN_CACHE_BYTES must be a non-negative integer, not '${text}'`,
    );
  }
  return value;
}
