import { z } from 'zod';
import { listAll, PutModes, type ObjectStore } from '../../storage/object-store.js';
import { readJsonIfExists, writeJson, type JsonShape } from '../../storage/json-object.js';
import { GraphKeys, recordName } from './graph-layout.js';

const WRITER_KINDS = ['load', 'mutate', 'merge', 'schema_apply', 'optimize', 'init'] as const;

/** Writers that record recovery intents; failpoints are named after them. */
export type WriterKind = (typeof WRITER_KINDS)[number];

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
  /**
   * Set when the intent was recorded beside the take of the writer lease with this generation,
   * before the lease was held (docs/reference/storage-layout.md): until that take lands its
   * writer makes no effect, so recovery by any take but one that replaces this generation only
   * deletes it. A writer that leaves such an intent with effects records it again without.
   */
  readonly take_generation?: string;
}

const RECOVERY_INTENT: JsonShape<RecoveryIntent> = {
  name: 'recovery intent',
  schema: z.object({
    operation_id: z.string().min(1),
    writer_kind: z.enum(WRITER_KINDS),
    branch: z.string().min(1),
    commit_id: z.string().min(1),
    actor_id: z.string().nullable(),
    started_at: z.number(),
    take_generation: z.string().min(1).optional(),
    tables: z.array(
      z.object({
        tableKey: z.string().min(1),
        table: z.string().min(1),
        lanceBranch: z.string().min(1),
        pinnedVersion: z.number().int().nonnegative().nullable(),
        forksBranch: z.boolean(),
      }),
    ),
  }),
};

/** Records an intent (create-only: operation ids are unique). */
export async function writeIntent(store: ObjectStore, intent: RecoveryIntent): Promise<void> {
  await writeJson(store, GraphKeys.intent(intent.operation_id), intent, PutModes.create);
}

/**
 * Records the intent of a write that leaves effects behind for recovery to undo (overwriting
 * it): without the take's generation, so that recovery resolves it rather than deleting it.
 */
export async function leaveIntent(store: ObjectStore, intent: RecoveryIntent): Promise<void> {
  const resolvable: Record<string, unknown> = { ...intent };
  delete resolvable.take_generation;
  await writeJson(store, GraphKeys.intent(intent.operation_id), resolvable, PutModes.overwrite);
}

/** Removes an intent once its write is published or undone. */
export async function deleteIntent(store: ObjectStore, operationId: string): Promise<void> {
  await store.delete(GraphKeys.intent(operationId));
}

/** Removes the intents of published writes, in one request per thousand on S3. */
export async function deleteIntents(
  store: ObjectStore,
  operationIds: readonly string[],
): Promise<void> {
  await store.deleteKeys(operationIds.map(GraphKeys.intent));
}

/** Whether any intent is on the store: one listing, no intent read. */
export async function hasIntents(store: ObjectStore): Promise<boolean> {
  const page = await store.list(GraphKeys.intentsPrefix, { maxKeys: 1 });
  return page.objects.length > 0;
}

/** Operations whose intents a listing skips, asked as each listed intent arrives. */
export interface SkippedIntents {
  has(operationId: string): boolean;
}

/**
 * Every intent left on the store, oldest first; one that does not parse is a `corrupt` error.
 * The intents of the operations in `skipped` are not read: a writer listing while its own intent
 * is being put would otherwise wait for one more read before its first effect. `skipped` is
 * asked once the listing has answered, so it may name writes that began meanwhile.
 */
export async function listIntents(
  store: ObjectStore,
  skipped: SkippedIntents = new Set(),
): Promise<RecoveryIntent[]> {
  const intents: RecoveryIntent[] = [];
  for await (const meta of listAll(store, GraphKeys.intentsPrefix)) {
    const operationId = recordName(GraphKeys.intentsPrefix, meta.key);
    if (operationId !== undefined && skipped.has(operationId)) continue;
    const intent = await readJsonIfExists(store, meta.key, RECOVERY_INTENT);
    if (intent) intents.push(intent.value);
  }
  return intents.sort((a, b) => a.started_at - b.started_at);
}
