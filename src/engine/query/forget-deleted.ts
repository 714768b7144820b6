import type { TableReader } from '../lance/index.js';
import type { QueryServices } from './query-services.js';

/**
 * Drops what the read caches hold of table versions on deleted Lance branches: nothing reads
 * them again (a branch made again under the name starts new versions), and held under the
 * budget they would push out what later reads need until they aged out.
 */
export function forgetDeleted(
  services: QueryServices,
  deleted: readonly { readonly table: string; readonly branch: string }[],
): void {
  if (deleted.length === 0) return;
  const gone = new Set(deleted.map(({ table, branch }) => JSON.stringify([table, branch])));
  const dropped = (reader: TableReader) =>
    gone.has(JSON.stringify([reader.name, reader.pin.branch]));
  services.columns.forget(dropped);
  services.topology.forget(dropped);
}
