// Change sets: entity-level changes validated together (values, @unique, endpoints, @card)
// and applied to the tables of a write session. Shared by mutations and merges.
export type {
  ChangeSet,
  ConstraintViolation,
  EdgeEnd,
  TableChanges,
  ViolationKind,
} from './change-set.js';
export { applyChangeSet } from './apply-change-set.js';
export { heldIds, rowsWhereIn } from './change-lookups.js';
export { validateChangeSet } from './validate-change-set.js';
