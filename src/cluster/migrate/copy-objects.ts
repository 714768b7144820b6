import { listAll, type ObjectMeta, type ObjectStore } from '../../storage/object-store.js';
import { messageOf, OmniError } from '../../util/omni-error.js';
import { settleAll } from '../../util/settle-all.js';
import { sha256Hex } from '../resources/resource-digest.js';
import { storageCodeOf } from '../state/cluster-error.js';

/** How many objects {@link copyObjects} moved and left alone, and the bytes it wrote. */
export interface CopyTally {
  copied: number;
  skipped: number;
  bytes: number;
}

/** Objects copied at once: enough to hide S3 round trips, few enough for a small machine. */
const PARALLEL_COPIES = 8;

/**
 * Copies every object under `prefix` from `from` to `to`, key for key, skipping each object
 * the destination already holds with the same size and the same content. Etags cannot decide
 * that: each backend computes its own, so equal bytes have different etags on disk and on S3.
 * Content is compared rather than size alone because a few objects are rewritten in place
 * (approvals, graph manifests) and may keep their size. Objects only the destination has are
 * left alone. A failed read or write ends the copy with the store's error once the copies
 * running beside it have ended (none goes on after the failure is reported); what was copied
 * stays, so running again resumes where it stopped.
 */
export async function copyObjects(
  from: ObjectStore,
  to: ObjectStore,
  prefix: string,
  tally: CopyTally,
): Promise<void> {
  let batch: ObjectMeta[] = [];
  for await (const object of listAll(from, prefix)) {
    batch.push(object);
    if (batch.length === PARALLEL_COPIES) {
      await settleAll(batch.map((meta) => copyOne(from, to, meta, tally)));
      batch = [];
    }
  }
  await settleAll(batch.map((meta) => copyOne(from, to, meta, tally)));
}

async function copyOne(
  from: ObjectStore,
  to: ObjectStore,
  meta: ObjectMeta,
  tally: CopyTally,
): Promise<void> {
  const { key } = meta;
  try {
    const bytes = (await from.get(key)).bytes;
    if (await holdsSame(to, key, bytes)) {
      tally.skipped += 1;
      return;
    }
    await to.put(key, bytes);
    tally.copied += 1;
    tally.bytes += bytes.byteLength;
  } catch (error) {
    throw new OmniError(
      storageCodeOf(error),
      `cannot copy ${key} from ${from.uri} to ${to.uri}: ${messageOf(error)}; run migrate-storage again to resume`,
      { cause: error },
    );
  }
}

/** True when `store` holds exactly `bytes` at `key` (the size first, to read only candidates). */
async function holdsSame(store: ObjectStore, key: string, bytes: Uint8Array): Promise<boolean> {
  const meta = await store.head(key);
  if (meta?.size !== bytes.byteLength) return false;
  return sha256Hex((await store.get(key)).bytes) === sha256Hex(bytes);
}
