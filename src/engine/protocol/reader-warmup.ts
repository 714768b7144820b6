import type { LanceTables, TableReader } from '../lance/index.js';
import type { ManifestEntry } from '../root/index.js';

type Entries = Readonly<Record<string, ManifestEntry>>;

/**
 * Readers of the table versions a write is about to publish, opened while the commit's last
 * protocol steps run. Only tables read at their previous version (their reader is cached) are
 * opened: the next read of such a table, such as the next write's lookups, wants the new version.
 * The readers are opened outside the reader cache, since their versions are not published yet,
 * and {@link ReaderWarmup.keep} caches them once they are.
 */
export class ReaderWarmup {
  readonly #tables: LanceTables;
  readonly #opening: readonly Promise<TableReader | undefined>[];

  constructor(tables: LanceTables, base: Entries, written: Entries) {
    this.#tables = tables;
    this.#opening = Object.entries(written)
      .filter(([key, entry]) => {
        const before = base[key];
        return before !== undefined && before.version !== entry.version
          ? tables.hasReader(before.table, before)
          : false;
      })
      // Only a head start: a table that fails to open here fails, and reports, when read.
      .map(([, entry]) => tables.openReader(entry.table, entry).catch(() => undefined));
  }

  /** Caches the readers opened, once the write's commit is published. */
  async keep(): Promise<void> {
    for (const reader of await Promise.all(this.#opening))
      if (reader !== undefined) this.#tables.keepReader(reader);
  }
}
