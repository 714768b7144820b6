import type { Table as ArrowTable } from 'apache-arrow';
import type { Table as LanceTable } from '@lancedb/lancedb';
import { arrow } from './arrow-module.js';

/** What an append needs of the native table under a lancedb `Table`. */
interface NativeTable {
  add(ipc: Buffer, mode: 'append'): Promise<{ readonly version: number }>;
}

/**
 * Appends `data` to `table` as one Lance write; resolves the table's new version.
 *
 * lancedb's `Table.add` first asks the native table for its schema (to apply embedding
 * functions, which OmniGraph's tables never declare), rebuilds the batches, serializes them as
 * an Arrow IPC file and then copies that buffer once more before its native call. The native
 * call takes the IPC file Arrow writes as it is, so the append hands it over directly: on the
 * 100k-person load this saved ~90 ms of the main thread's time, which a load spends beside
 * Lance's writes (median 1.28 → 1.19 s over 6 alternating runs). The native table is lancedb's
 * private `inner`, checked here; any table without one goes through `add`, and a test holds the
 * pinned lancedb to having it (test/engine/lance/table-append.test.ts).
 */
export async function appendTable(table: LanceTable, data: ArrowTable): Promise<number> {
  const native = nativeTable(table);
  if (native === undefined) return (await table.add(data)).version;
  const ipc = arrow.tableToIPC(data, 'file');
  const buffer = Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  return (await native.add(buffer, 'append')).version;
}

/** The native table under `table`, when lancedb exposes one that can append. */
export function nativeTable(table: LanceTable): NativeTable | undefined {
  const inner: unknown = (table as unknown as { readonly inner?: unknown }).inner;
  if (typeof inner !== 'object' || inner === null) return undefined;
  return typeof (inner as Partial<NativeTable>).add === 'function'
    ? (inner as NativeTable)
    : undefined;
}
