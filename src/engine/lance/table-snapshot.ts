import type { Table as LanceTable } from '@lancedb/lancedb';
import { OmniError } from '../../util/omni-error.js';

/** What pinning needs of the native table under a lancedb `Table`. */
interface NativeCheckout {
  checkoutCurrent(): Promise<unknown>;
}

/**
 * A handle of `table` at the version it is at now, made without a request: Lance's native
 * `checkoutCurrent` shares the handle's loaded state (0.1 ms). It stays at that version whatever
 * `table` writes next, so a writer can hand a reader of the version it wrote to the read caches
 * and go on writing. lancedb builds its `Table` around a private native `inner` and exposes no
 * such call, so the handle is that class around the checkout; the pinned lancedb has it (a
 * writer's reader test in test/engine/lance/table-suite.ts reads through one), and a lancedb
 * without it fails here rather than handing out a handle that moves.
 */
export async function pinnedHandle(table: LanceTable): Promise<LanceTable> {
  const inner: unknown = (table as unknown as { readonly inner?: unknown }).inner;
  const native = inner as Partial<NativeCheckout> | undefined;
  if (typeof native?.checkoutCurrent !== 'function')
    throw new OmniError('internal', 'this lancedb cannot pin a table handle (no checkoutCurrent)');
  const pinned = await native.checkoutCurrent();
  const handle = Object.create(Object.getPrototypeOf(table) as object) as LanceTable;
  return Object.assign(handle, { inner: pinned });
}
