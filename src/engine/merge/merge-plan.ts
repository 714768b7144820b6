import type { MergeOutcome } from '../../api/branch-output.js';
import { OmniError } from '../../util/omni-error.js';
import { requireHead } from '../root/index.js';
import { type ChangeSet, type TableChanges, validateChangeSet } from '../changeset/index.js';
import { diffSnapshots, mergeBase, isEmptyDiff, type TableDelta } from '../diff/index.js';
import type { GraphContext, WritePlan } from '../protocol/index.js';
import { decodeRows, ID_COLUMN, type ArrowRows, type Row } from '../lance/index.js';
import type { Snapshot } from '../snapshot/index.js';
import {
  compareConflicts,
  conflictOfViolation,
  mergeConflictError,
  type MergeConflict,
} from './merge-conflict.js';
import { fastForwardEffects, fastForwardTables } from './fast-forward.js';
import { mergeTable, type MergeTableEffect } from './three-way.js';

/** What a merge writes, by target table key. */
export type MergeEffects = ReadonlyMap<string, MergeTableEffect>;

/** A merge decided before any effect: its outcome and what it writes to each target table. */
export interface MergePlan extends WritePlan {
  readonly outcome: MergeOutcome;
  /** The source head the merge commit records as its merged parent. */
  readonly sourceHead: string;
  /**
   * The effects, read on first call (then the same promise): a three-way merge decides them
   * while planning, to validate them; a fast-forward, which cannot conflict, only reads the
   * source's pinned versions, so its reads may overlap the write's intent (see `mergeBranch`)
   * and a dry run makes none.
   */
  readonly effects: () => Promise<MergeEffects>;
}

/** What a merge plan needs to know about the two branches. */
export interface MergeSides {
  readonly source: string;
  readonly target: string;
}

const NO_EFFECTS: Promise<MergeEffects> = Promise.resolve(new Map());

const UP_TO_DATE = {
  outcome: 'already_up_to_date',
  tables: [],
  effects: () => NO_EFFECTS,
} as const;

/**
 * Plans merging `sides.source` into the target whose head snapshot is `target`: finds the merge
 * base, diffs each side against it, resolves every entity three-way and validates the merged
 * result. Any conflict (entity or constraint) throws `merge_conflict` listing all of them,
 * before any effect. A fast-forward (the target is the merge base) reads no table here: its
 * effects are the source's changes, all taken.
 */
export async function planMerge(
  ctx: GraphContext,
  sides: MergeSides,
  target: Snapshot,
): Promise<MergePlan> {
  const sourceHead = (await requireHead(ctx.root.store, sides.source)).value.commitId;
  const targetHead = target.commit.graph_commit_id;
  const baseId = await mergeBase(ctx.commits, sourceHead, targetHead);
  if (baseId === null)
    throw new OmniError(
      'conflict',
      `branches '${sides.source}' and '${sides.target}' share no history`,
    );
  if (baseId === sourceHead) return { ...UP_TO_DATE, sourceHead };
  const [base, source] = await Promise.all([ctx.snapshotOf(baseId), ctx.snapshotOf(sourceHead)]);
  checkOneSchema(sides, base, source, target);
  if (baseId === targetHead) {
    const tables = fastForwardTables(base, source);
    const effects = once(() => fastForwardEffects(ctx.root.tables, base, source));
    return { outcome: 'fast_forward', sourceHead, tables, effects };
  }
  const [sourceDiffs, targetDiffs] = await Promise.all([
    diffSnapshots(ctx.root.tables, base, source),
    diffSnapshots(ctx.root.tables, base, target),
  ]);
  const { effects, conflicts } = await mergeTables(target, sourceDiffs, targetDiffs);
  const violations = await validateChangeSet(target, changeSetOf(effects));
  conflicts.push(...violations.map(conflictOfViolation));
  if (conflicts.length > 0)
    throw mergeConflictError(sides.source, sides.target, conflicts.sort(compareConflicts));
  return planOf('merged', sourceHead, effects);
}

function planOf(outcome: MergeOutcome, sourceHead: string, effects: MergeEffects): MergePlan {
  const decided = Promise.resolve(effects);
  return { outcome, sourceHead, effects: () => decided, tables: [...effects.keys()].sort() };
}

/** `load` run on first call; later calls share its promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

function checkOneSchema(sides: MergeSides, ...snapshots: readonly Snapshot[]): void {
  const ids = new Set(snapshots.map((s) => s.schema.id));
  if (ids.size === 1) return;
  throw new OmniError(
    'conflict',
    `cannot merge '${sides.source}' into '${sides.target}': their schemas differ since they forked; apply the same schema on both first`,
    { details: { source: sides.source, target: sides.target } },
  );
}

async function mergeTables(
  target: Snapshot,
  sourceDiffs: ReadonlyMap<string, TableDelta>,
  targetDiffs: ReadonlyMap<string, TableDelta>,
): Promise<{ effects: Map<string, MergeTableEffect>; conflicts: MergeConflict[] }> {
  const effects = new Map<string, MergeTableEffect>();
  const conflicts: MergeConflict[] = [];
  for (const { key, type } of target.types()) {
    const ours = sourceDiffs.get(key);
    const theirs = targetDiffs.get(key);
    if (ours === undefined || theirs === undefined || isEmptyDiff(ours)) continue;
    const merged = await mergeTable(type, ours, theirs);
    conflicts.push(...merged.conflicts);
    const { inserts, changes } = merged.effect;
    if (inserts.numRows + changes.upserts.size + changes.deletes.size > 0)
      effects.set(key, merged.effect);
  }
  return { effects, conflicts };
}

/**
 * The merge's effects as one change set over the target, for validation: the only place a
 * merge decodes its inserted rows.
 */
function changeSetOf(effects: MergeEffects): ChangeSet {
  const changes = new Map<string, TableChanges>();
  for (const [key, { inserts, changes: updates }] of effects) {
    const upserts = new Map<string, Row>([...updates.upserts, ...rowsById(inserts)]);
    changes.set(key, { upserts, deletes: updates.deletes });
  }
  return changes;
}

function rowsById(data: ArrowRows): [string, Row][] {
  return decodeRows(data).map((row) => [row[ID_COLUMN] as string, row]);
}
