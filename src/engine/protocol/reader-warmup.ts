import type {
  EdgeEnds,
  LanceTables,
  TableReader,
  WrittenRow,
  WrittenVersion,
} from '../lance/index.js';
import type { ManifestEntry } from '../root/index.js';
import type { WriteSession } from './write-session.js';

type Entries = Readonly<Record<string, ManifestEntry>>;

/** One table's new version being warmed, and what the read caches need to carry theirs over. */
interface Warmed {
  /** The reader of the version the write started from (cached). */
  readonly base: Promise<TableReader | undefined>;
  readonly next: Promise<TableReader | undefined>;
  /** The rows the write wrote, when it removed none (see `SessionTable.writtenRows`). */
  readonly rows: Promise<readonly WrittenRow[] | undefined>;
  /** The rows it removed first, if any (see `SessionTable.removedIds`). */
  readonly removedIds: Promise<readonly string[] | undefined>;
  /** Their endpoints, for edges (see `SessionTable.removedEdges`). */
  readonly removedEdges: Promise<EdgeEnds | undefined>;
}

/**
 * Readers of the table versions a write is about to publish, made while the commit's last
 * protocol steps run, for the tables read at their previous version (their reader is cached;
 * a table the write replaced with a new one is not carried over):
 * the next read of such a table, such as the next write's lookups, wants the new version. Each
 * is a handle pinned from the session's writer at the version it wrote (no request; the writer
 * goes on, kept for the next write: `WriteSession.keepWriters`). They stay out of the
 * reader cache while their versions are unpublished; {@link ReaderWarmup.keep} caches them once
 * they are, and tells `onWritten` of those versions that removed no row or only rows it knew.
 */
export class ReaderWarmup {
  readonly #tables: LanceTables;
  readonly #warmed: readonly Warmed[];
  readonly #onWritten: ((version: WrittenVersion) => void) | undefined;

  /** Call once the session has written everything: its writers give readers of their versions. */
  constructor(
    tables: LanceTables,
    base: Entries,
    written: Entries,
    session: WriteSession,
    onWritten?: (version: WrittenVersion) => void,
  ) {
    this.#tables = tables;
    this.#onWritten = onWritten;
    this.#warmed = Object.entries(written).flatMap(([key, entry]): Warmed[] => {
      const before = base[key];
      if (
        before === undefined ||
        before.table !== entry.table ||
        before.version === entry.version ||
        !tables.hasReader(before.table, before)
      )
        return [];
      const table = session.table(key);
      return [
        {
          base: tables.reader(before.table, before).catch(() => undefined),
          // Only a head start: a table that fails here fails, and reports, when read.
          next: table.then((opened) => opened.toReader()).catch(() => undefined),
          rows: table.then((opened) => opened.writtenRows()).catch(() => undefined),
          removedIds: table.then((opened) => opened.removedIds()).catch(() => undefined),
          removedEdges: table.then((opened) => opened.removedEdges()).catch(() => undefined),
        },
      ];
    });
  }

  /** Caches the readers, once the write's commit is published. */
  async keep(): Promise<void> {
    for (const warmed of this.#warmed) {
      const next = await warmed.next;
      if (next === undefined) continue;
      this.#tables.keepReader(next);
      const [base, rows, removedIds, removedEdges] = await Promise.all([
        warmed.base,
        warmed.rows,
        warmed.removedIds,
        warmed.removedEdges,
      ]);
      if (base === undefined || rows === undefined) continue;
      if (rows.length === 0 && removedIds === undefined) continue;
      this.#onWritten?.({
        base,
        next,
        rows,
        ...(removedIds && { removedIds }),
        ...(removedEdges && { removedEdges }),
      });
    }
  }
}
