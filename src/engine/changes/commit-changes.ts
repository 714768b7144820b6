import { resourceLimitError } from '../../util/resource-limit-error.js';
import { jsonText } from '../../api/json-text.js';
import type { CommitChangesOutput, EntityChangeOutput } from '../../api/commit-changes-output.js';
import { OmniError } from '../../util/omni-error.js';
import { readCommit, type GraphContext } from '../protocol/index.js';
import { diffTable, type TableDiff } from '../diff/index.js';
import type { Row } from '../lance/index.js';
import { changeCause } from './change-cause.js';
import {
  filterScope,
  keepsChange,
  keepsType,
  validateChangeFilter,
  type ChangeFilter,
} from './change-filter.js';
import { decodePageToken, encodePageToken } from './change-page-token.js';
import { changeDiffRefusal, changeTables, type ChangeTable } from './change-tables.js';
import { changeImage, changeTypeId, compareChanges } from './entity-change.js';

/** Changes per page when no limit is given. */
export const DEFAULT_CHANGES_LIMIT = 1_000;
/** Largest page a caller may ask for. */
export const MAX_CHANGES_LIMIT = 8_192;
/** Encoded bytes per page; a single larger change is still emitted alone. */
export const PAGE_BYTES = 4 * 1024 * 1024;

/** Filters and paging of `commit changes`. */
export interface CommitChangesOptions extends ChangeFilter {
  readonly limit?: number;
  readonly pageToken?: string;
}

/** The page size asked for, checked: a positive integer of at most {@link MAX_CHANGES_LIMIT}. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new OmniError('bad_request', `limit must be a positive integer, not ${limit}`, {
      details: { limit },
    });
  if (limit > MAX_CHANGES_LIMIT) {
    throw resourceLimitError('commit_changes_page_changes', limit, MAX_CHANGES_LIMIT);
  }
  return limit;
}

/**
 * The exact entity diff of a commit against its first parent (docs/guide/branches-and-merge.md),
 * one page at a time, in block order: nodes, then edges, then type id, entity id and op. A genesis
 * commit and a commit across a schema boundary are refused with `change_diff_refusal`.
 *
 * @example
 * const page = await commitChanges(ctx, commitId, { kinds: ['node'], limit: 100 });
 * const next = page.next_page_token && (await commitChanges(ctx, commitId, { kinds: ['node'], pageToken: page.next_page_token }));
 */
export async function commitChanges(
  ctx: GraphContext,
  commitId: string,
  options: CommitChangesOptions,
): Promise<CommitChangesOutput> {
  validateChangeFilter(options);
  const limit = checkLimit(options.limit ?? DEFAULT_CHANGES_LIMIT);
  const scope = filterScope(options);
  const start =
    options.pageToken === undefined ? 0 : decodePageToken(options.pageToken, commitId, scope);
  const commit = await readCommit(ctx, commitId);
  if (commit.parent_commit_id === null) throw changeDiffRefusal('parentless_commit', commitId);
  const [parent, child] = await Promise.all([
    ctx.snapshotOf(commit.parent_commit_id),
    ctx.snapshotOf(commitId),
  ]);
  const changes = await filteredChanges(ctx, changeTables(parent, child), options);
  const page = pageOf(changes, start, limit);
  const end = start + page.length;
  return {
    cause: changeCause(commit),
    changes: page,
    next_page_token:
      end < changes.length ? encodePageToken({ commitId, scope, offset: end }) : null,
  };
}

/**
 * Every change of the given tables (see {@link changeTables}) the filter keeps, in block order:
 * the entity diff between two snapshots, shared by `commit changes` and `diff between`.
 */
export async function filteredChanges(
  ctx: GraphContext,
  tables: readonly ChangeTable[],
  filter: ChangeFilter,
): Promise<EntityChangeOutput[]> {
  const changes: EntityChangeOutput[] = [];
  for (const table of tables) {
    if (!keepsType(filter, table.type.kind, table.type.name)) continue;
    const diff = await tableDiff(ctx, table);
    for (const change of entityChanges(table, diff))
      if (keepsChange(filter, change)) changes.push(change);
  }
  return changes.sort(compareChanges);
}

async function tableDiff(ctx: GraphContext, table: ChangeTable): Promise<TableDiff> {
  if (table.before !== null) return diffTable(ctx.root.tables, table.before, table.after);
  const reader = await ctx.root.tables.reader(table.after.table, table.after);
  const inserts = new Map((await reader.scan()).map((row) => [String(row.id), row]));
  return { inserts, updates: new Map(), deletes: new Map() };
}

function* entityChanges(table: ChangeTable, diff: TableDiff): Generator<EntityChangeOutput> {
  const { type } = table;
  const base = { kind: type.kind, type: { id: changeTypeId(type), name: type.name } };
  const image = (row: Row) => changeImage(type, row);
  for (const [id, row] of diff.inserts)
    yield { ...base, id, op: 'insert', before: null, after: image(row) };
  for (const [id, { before, after }] of diff.updates)
    yield { ...base, id, op: 'update', before: image(before), after: image(after) };
  for (const [id, row] of diff.deletes)
    yield { ...base, id, op: 'delete', before: image(row), after: null };
}

/** Up to `limit` changes from `start`, within the page byte budget (at least one change). */
export function pageOf(
  changes: readonly EntityChangeOutput[],
  start: number,
  limit: number,
): EntityChangeOutput[] {
  const page: EntityChangeOutput[] = [];
  let bytes = 0;
  for (const change of changes.slice(start, start + limit)) {
    bytes += Buffer.byteLength(jsonText(change));
    if (page.length > 0 && bytes > PAGE_BYTES) break;
    page.push(change);
  }
  return page;
}
