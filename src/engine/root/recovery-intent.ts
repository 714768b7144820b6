import { listAll, PutModes, type ObjectStore } from '../../storage/object-store.js';
import { readJsonIfExists, writeJson } from '../../storage/json-object.js';
import { GraphKeys } from './graph-layout.js';

/** Writers that record recovery intents; failpoints are named after them. */
export type WriterKind = 'load' | 'mutate' | 'merge' | 'schema_apply' | 'optimize' | 'init';

/** One table a write is about to touch, and how to put it back. */
export interface IntentTable {
  readonly tableKey: string;
  readonly table: string;
  /** Lance branch the write goes to (`main` for Lance's trunk). */
  readonly lanceBranch: string;
  /** Published version to restore; null when the write creates the table. */
  readonly pinnedVersion: number | null;
  /** True when the write creates `lanceBranch` on this table (a lazy fork); undo = delete it. */
  readonly forksBranch: boolean;
}

/**
 * Written before a writer's first table effect and deleted after its publish. Finding one
 * later means the writer died: if `commitId` was published, nothing is left to do; if not,
 * each table goes back to its pin.
 */
export interface RecoveryIntent {
  readonly operation_id: string;
  readonly writer_kind: WriterKind;
  readonly branch: string;
  /** The commit the writer was about to publish. */
  readonly commit_id: string;
  readonly actor_id: string | null;
  readonly started_at: number;
  readonly tables: readonly IntentTable[];
}

/** Records an intent (create-only: operation ids are unique). */
export async function writeIntent(store: ObjectStore, intent: RecoveryIntent): Promise<void> {
  await writeJson(store, GraphKeys.intent(intent.operation_id), intent, PutModes.create);
}

/** Removes an intent once its write is published or undone. */
export async function deleteIntent(store: ObjectStore, operationId: string): Promise<void> {
  await store.delete(GraphKeys.intent(operationId));
}

/** Every intent left on the store, oldest first. */
export async function listIntents(store: ObjectStore): Promise<RecoveryIntent[]> {
  const intents: RecoveryIntent[] = [];
  for await (const meta of listAll(store, GraphKeys.intentsPrefix)) {
    const intent = await readJsonIfExists<RecoveryIntent>(store, meta.key);
    if (intent) intents.push(intent.value);
  }
  return intents.sort((a, b) => a.started_at - b.started_at);
}
