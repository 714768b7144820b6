import type { Snapshot } from '../snapshot/index.js';
import { cardinalityViolations } from './cardinality-violations.js';
import type { ChangeSet, ConstraintViolation } from './change-set.js';
import { ChangeContext } from './change-context.js';
import { orphanViolations } from './orphan-violations.js';
import { uniqueViolations } from './unique-violations.js';
import { valueViolations } from './value-violations.js';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareViolations(a: ConstraintViolation, b: ConstraintViolation): number {
  return (
    compareText(a.entity_kind, b.entity_kind) ||
    compareText(a.type_name, b.type_name) ||
    compareText(a.id, b.id) ||
    compareText(a.kind, b.kind) ||
    compareText(a.message, b.message)
  );
}

/**
 * Checks the state "base snapshot + changes" for every changed entity and returns ALL
 * violations, sorted by (entity kind, type, id, kind, message): value constraints of upserted
 * rows (non-null, enum, `@range`, `@check`), `@unique` (nulls exempt), edge endpoints
 * (`orphan_edge`) and `@card` per affected source. Lookups are bounded IN-list scans of the
 * changed ids, never whole tables. Writes (mutations) and merges share this one evaluator.
 */
export async function validateChangeSet(
  base: Snapshot,
  changes: ChangeSet,
): Promise<ConstraintViolation[]> {
  const context = new ChangeContext(base, changes);
  const found = [
    ...valueViolations(context),
    ...(await uniqueViolations(context)),
    ...(await orphanViolations(context)),
    ...(await cardinalityViolations(context)),
  ];
  return found.sort(compareViolations);
}
