import { CacheBudget } from '../../util/cache-budget.js';
import { createEmbeddingProvider } from '../../embedding/index.js';
import type { EmbeddingProvider } from '../../api/embedding-provider.js';
import {
  DEFAULT_SETTINGS,
  type LimitsSettings,
  type OmnigraphSettings,
  type SearchSettings,
  type TraversalSettings,
} from '../../api/settings.js';
import type { IndexInfo } from '../lance/index.js';
import { PinnedCache, type TextIndex } from '../search/index.js';
import { ColumnCache } from './execution/column-cache.js';
import { CachedWriteLookups } from './execution/cached-write-lookups.js';
import { CompiledQueries } from './compiled-queries.js';
import { TopologyCache } from './traversal/topology-cache.js';
import { indexesOf } from './search/table-indexes-of.js';
import type { StrategyLog } from './traversal/traversal-planner.js';

/** In-memory text indexes kept (each is one column of one table version). */
const TEXT_INDEX_CACHE_SIZE = 8;
/** Index listings kept (one per table version read). */
const INDEX_LIST_CACHE_SIZE = 256;
/** Filtered row counts kept (one per table version and pushed-down filter). */
const COUNT_CACHE_SIZE = 1024;

/**
 * What outlives one query: caches keyed by immutable table versions, tunables, and the embedding
 * provider. One per open graph handle.
 */
export interface QueryServices {
  /** Compiled queries by schema, source and name. */
  readonly compiled: CompiledQueries;
  readonly topology: TopologyCache;
  /** Decoded scalar columns of table versions. */
  readonly columns: ColumnCache;
  /** The lookups of writes, answered from {@link columns} when it holds their tables. */
  readonly writeLookups: CachedWriteLookups;
  /** The byte budget decoded columns and topology indexes share (`settings.cache.bytes`). */
  readonly budget: CacheBudget;
  readonly traversal: TraversalSettings;
  readonly search: SearchSettings;
  /** Bounds on one read: `queryRows`, the rows any of its stages may hold. */
  readonly limits: LimitsSettings;
  /** Exact in-memory text indexes, by table version and column. */
  readonly textIndexes: PinnedCache<TextIndex>;
  /** The indexes each table version has. */
  readonly indexLists: PinnedCache<IndexInfo[]>;
  /**
   * Rows of a table version passing a pushed-down filter, by the filter's SQL: a version never
   * changes, so a count asked again (a dashboard, a polling agent) costs no Lance scan.
   */
  readonly counts: PinnedCache<number>;
  /** The embedding provider for text `nearest` queries (created on first use). */
  readonly embedder: () => EmbeddingProvider;
  /** Told which strategy served each traversal. */
  readonly onStrategy?: StrategyLog;
}

/** Options of {@link createQueryServices}. */
export interface QueryServicesOptions {
  /** Tunables and the embedding provider's settings; the defaults when absent. */
  readonly settings?: OmnigraphSettings;
  /** Embeds text `nearest()` queries instead of the provider the settings name. */
  readonly embedder?: EmbeddingProvider;
  readonly onStrategy?: StrategyLog;
}

/** The services of one open graph handle. */
export function createQueryServices(options: QueryServicesOptions = {}): QueryServices {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  let embedder = options.embedder;
  const budget = new CacheBudget(settings.cache.bytes);
  const columns = new ColumnCache(budget);
  const indexLists = new PinnedCache<IndexInfo[]>(INDEX_LIST_CACHE_SIZE);
  return {
    compiled: new CompiledQueries(),
    topology: new TopologyCache(budget),
    columns,
    writeLookups: new CachedWriteLookups(columns, (reader) => indexesOf({ indexLists }, reader)),
    budget,
    traversal: settings.traversal,
    search: settings.search,
    limits: settings.limits,
    textIndexes: new PinnedCache(TEXT_INDEX_CACHE_SIZE),
    indexLists,
    counts: new PinnedCache(COUNT_CACHE_SIZE),
    embedder: () => (embedder ??= createEmbeddingProvider(settings.embedding)),
    ...(options.onStrategy === undefined ? {} : { onStrategy: options.onStrategy }),
  };
}
