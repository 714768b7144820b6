import { z } from 'zod';
import type { ObjectStore } from '../../storage/object-store.js';
import { PutModes } from '../../storage/object-store.js';
import { corruptObject, readJson, writeJson, type JsonShape } from '../../storage/json-object.js';
import {
  COMMIT_OPERATIONS,
  type CommitOperation,
  type CommitOutput,
} from '../../api/commit-output.js';
import { GraphKeys } from './graph-layout.js';

/**
 * The exact Lance dataset state a manifest makes visible for one type. It is a Lance table
 * pin (`branch`, `version`; `branch` is `main` for Lance's trunk) plus the table's name and
 * row count.
 */
export interface ManifestEntry {
  /** Dataset name under the tables directory. */
  readonly table: string;
  readonly branch: string;
  readonly version: number;
  readonly rowCount: number;
}

/** Everything a reader needs to open a consistent snapshot: the schema and one pin per type. */
export interface GraphManifest {
  readonly schemaId: string;
  /** Pins by table key (`node:Person`, `edge:Knows`). */
  readonly tables: Readonly<Record<string, ManifestEntry>>;
}

/**
 * One immutable commit of the graph. Field names of the public part are the wire's
 * (`graph_commit_id`, …); `created_at` is Unix microseconds. `operation` and `message` came
 * later: records written before them have neither, and still read.
 */
export interface CommitRecord {
  readonly graph_commit_id: string;
  readonly graph_branch: string;
  readonly graph_manifest_version: number;
  readonly parent_commit_id: string | null;
  readonly merged_parent_commit_id: string | null;
  readonly actor_id: string | null;
  readonly created_at: number;
  /** What published the commit; absent on older records. */
  readonly operation?: CommitOperation;
  /** The write's message, exactly as given; absent when it had none. */
  readonly message?: string;
  readonly manifest: GraphManifest;
}

const count = z.number().int().nonnegative();

const COMMIT_RECORD: JsonShape<CommitRecord> = {
  name: 'commit record',
  schema: z.object({
    graph_commit_id: z.string().min(1),
    graph_branch: z.string().min(1),
    graph_manifest_version: count,
    parent_commit_id: z.string().min(1).nullable(),
    merged_parent_commit_id: z.string().min(1).nullable(),
    actor_id: z.string().nullable(),
    created_at: count,
    // An operation a newer version records and this one does not know reads as none.
    operation: z.enum(COMMIT_OPERATIONS).optional().catch(undefined),
    message: z.string().optional(),
    manifest: z.object({
      schemaId: z.string().min(1),
      tables: z.record(
        z.string(),
        z.object({
          table: z.string().min(1),
          branch: z.string().min(1),
          version: count,
          rowCount: count,
        }),
      ),
    }),
  }),
};

/** Strips the manifest and maps main to null, as commits are reported on the wire. */
export function commitInfo(record: CommitRecord): CommitOutput {
  return {
    graph_commit_id: record.graph_commit_id,
    graph_branch: record.graph_branch === 'main' ? null : record.graph_branch,
    graph_manifest_version: record.graph_manifest_version,
    parent_commit_id: record.parent_commit_id,
    merged_parent_commit_id: record.merged_parent_commit_id,
    actor_id: record.actor_id,
    created_at: record.created_at,
    ...(record.operation === undefined ? {} : { operation: record.operation }),
    ...(record.message === undefined ? {} : { message: record.message }),
  };
}

/** Writes a new commit record; it is invisible until a branch head points at it. */
export async function writeCommitRecord(store: ObjectStore, record: CommitRecord): Promise<void> {
  await writeJson(store, GraphKeys.commit(record.graph_commit_id), record, PutModes.create);
}

/** Reads commit records, caching them forever: they are immutable. */
export class CommitReader {
  readonly #store: ObjectStore;
  readonly #cache = new Map<string, Promise<CommitRecord>>();

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  read(commitId: string): Promise<CommitRecord> {
    let pending = this.#cache.get(commitId);
    if (!pending) {
      pending = readCommitRecord(this.#store, commitId);
      pending.catch(() => this.#cache.delete(commitId));
      this.#cache.set(commitId, pending);
    }
    return pending;
  }

  /**
   * Caches a record this process has just published, sparing the next write on the branch a
   * read of it. Only published records: an unpublished one must stay unreadable.
   */
  remember(record: CommitRecord): void {
    this.#cache.set(record.graph_commit_id, Promise.resolve(record));
  }
}

/** Reads and validates one commit record; a record filed under another id is corrupt. */
async function readCommitRecord(store: ObjectStore, commitId: string): Promise<CommitRecord> {
  const key = GraphKeys.commit(commitId);
  const { value } = await readJson(store, key, COMMIT_RECORD);
  if (value.graph_commit_id !== commitId) {
    throw corruptObject(COMMIT_RECORD.name, key, `it holds commit '${value.graph_commit_id}'`);
  }
  return value;
}

/** Microseconds since the epoch, the unit of `created_at`. */
export function nowMicros(): number {
  return Date.now() * 1000;
}
