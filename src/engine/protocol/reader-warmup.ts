import type { LanceTables, TableReader } from '../lance/index.js';
import type { ManifestEntry } from '../root/index.js';
import type { WriteSession } from './write-session.js';

type Entries = Readonly<Record<string, ManifestEntry>>;

/**
 * Readers of the table versions a write is about to publish, made while the commit's last
 * protocol steps run, for the tables read at their previous version (their reader is cached):
 * the next read of such a table, such as the next write's lookups, wants the new version. Each
 * is the session's own writer, left at the version it wrote (no request). They stay out
 * of the reader cache while their versions are unpublished; {@link ReaderWarmup.keep} caches them
 * once they are.
 */
export class ReaderWarmup {
  readonly #tables: LanceTables;
  readonly #readers: readonly Promise<TableReader | undefined>[];

  /** Call once the session has written everything: its writers become readers. */
  constructor(tables: LanceTables, base: Entries, written: Entries, session: WriteSession) {
    this.#tables = tables;
    this.#readers = Object.entries(written)
      .filter(([key, entry]) => {
        const before = base[key];
        return (
          before !== undefined &&
          before.version !== entry.version &&
          tables.hasReader(before.table, before)
        );
      })
      .map(([key]) =>
        session
          .table(key)
          .then((table) => table.toReader())
          // Only a head start: a table that fails here fails, and reports, when read.
          .catch(() => undefined),
      );
  }

  /** Caches the readers, once the write's commit is published. */
  async keep(): Promise<void> {
    for (const reader of await Promise.all(this.#readers))
      if (reader !== undefined) this.#tables.keepReader(reader);
  }
}
