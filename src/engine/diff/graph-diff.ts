import { OmniError } from '../../util/omni-error.js';
import type { LanceTables } from '../lance/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { tableDelta, type TableDelta } from './table-diff.js';

/**
 * The entity diff of every table from `base` to `head`, by table key (`node:Person`), with the
 * inserted rows left as Arrow (see {@link TableDelta}). Both snapshots must have the same tables
 * (the same schema): a diff across a schema change is not entity-level. Tables whose pins are
 * equal are skipped without a read; the others are diffed concurrently.
 */
export async function diffSnapshots(
  tables: LanceTables,
  base: Snapshot,
  head: Snapshot,
): Promise<Map<string, TableDelta>> {
  const baseTables = base.commit.manifest.tables;
  const headTables = head.commit.manifest.tables;
  const keys = Object.keys(headTables).sort();
  const missing = keys.filter((key) => baseTables[key] === undefined);
  if (missing.length > 0 || keys.length !== Object.keys(baseTables).length) {
    throw new OmniError(
      'conflict',
      `commits ${base.commit.graph_commit_id} and ${head.commit.graph_commit_id} have different types; an entity diff needs one schema`,
      { details: { base: base.commit.graph_commit_id, head: head.commit.graph_commit_id } },
    );
  }
  const diffs = await Promise.all(
    keys.map(async (key) => {
      const before = baseTables[key];
      const after = headTables[key];
      const delta = before && after ? await tableDelta(tables, before, after) : undefined;
      return [key, delta] as const;
    }),
  );
  return new Map(diffs.filter((entry): entry is [string, TableDelta] => entry[1] !== undefined));
}
