import type { Catalog } from '../../compiler/catalog/catalog.js';
import type { QueryIR } from '../../compiler/ir/query-ir.js';
import { compileQuery } from '../../compiler/query/compile-queries.js';

/** Compiled queries kept. */
const DEFAULT_CAPACITY = 256;

/**
 * Compiled queries by (schema, source, name): a server or a benchmark sends the same source
 * again and again, and the IR depends on nothing else. Errors are not cached. Least recently
 * used entries are evicted beyond the capacity.
 */
export class CompiledQueries {
  readonly #capacity: number;
  readonly #entries = new Map<string, QueryIR>();

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = Math.max(1, capacity);
  }

  /**
   * The IR of query `name` (or the only query) of `source`, against the schema `schemaId`;
   * errors name `file` when given.
   */
  compile(
    schemaId: string,
    catalog: Catalog,
    source: string,
    name: string | undefined,
    file?: string,
  ): QueryIR {
    const key = `${schemaId}\u0000${name ?? ''}\u0000${source}`;
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const compiled = compileQuery(catalog, source, {
      ...(name === undefined ? {} : { name }),
      ...(file === undefined ? {} : { file }),
    });
    this.#entries.set(key, compiled);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) break;
      this.#entries.delete(oldest);
    }
    return compiled;
  }
}
