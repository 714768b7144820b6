import {
  compareText,
  type Observation,
  type ResourceStatus,
  type StateObservations,
} from '../../cluster/index.js';

/**
 * The ledger and lock lines of `status`, `refresh`, `import` and `force-unlock`:
 * `state: <path> (revision N, M resources)` or `state: none at <path>`, then
 * `lock: none` or `lock: held by <operation> (lock <id>, pid <pid>, since <time>, <age>s)`.
 */
export function stateLines(observed: StateObservations | undefined): string[] {
  if (observed === undefined) return [];
  const state = observed.state_found
    ? `state: ${observed.state_path} (revision ${observed.state_revision}, ${observed.resource_count} resources)`
    : `state: none at ${observed.state_path}`;
  return [state, lockLine(observed)];
}

function lockLine(observed: StateObservations): string {
  if (!observed.locked) return 'lock: none';
  // The command's own lock is released by the time its report prints.
  if (observed.lock_acquired && observed.lock_id === observed.acquired_lock_id) {
    return `lock: taken by this run (lock ${observed.lock_id ?? '?'}) and released`;
  }
  const age = observed.lock_age_seconds === undefined ? '' : `, ${observed.lock_age_seconds}s`;
  const since = observed.lock_created_at === undefined ? '' : `, since ${observed.lock_created_at}`;
  return `lock: held by ${observed.lock_operation ?? '?'} (lock ${observed.lock_id ?? '?'}, pid ${observed.lock_pid ?? '?'}${since}${age})`;
}

/** `  <address>: <status>[ (<conditions>)][ — <message>]`, one per resource, in address order. */
export function resourceStatusLines(statuses: Readonly<Record<string, ResourceStatus>>): string[] {
  return Object.entries(statuses)
    .sort(([a], [b]) => compareText(a, b))
    .map(([address, s]) => {
      const conditions = s.conditions.length === 0 ? '' : ` (${s.conditions.join(', ')})`;
      const message = s.message === undefined || s.message === '' ? '' : ` — ${s.message}`;
      return `  ${address}: ${s.status}${conditions}${message}`;
    });
}

/**
 * `  graph.<id>: exists, manifest v<n>, schema matches|differs` (or `missing`, `error: …`), and
 * `  graph.<id>: deleted <time>` for a tombstone.
 */
export function observationLines(observations: Readonly<Record<string, Observation>>): string[] {
  return Object.entries(observations)
    .sort(([a], [b]) => compareText(a, b))
    .map(([address, o]) => `  ${address}: ${observationText(o)}`);
}

function observationText(o: Observation): string {
  if (o.kind === 'tombstone') return `deleted ${o.deleted_at}`;
  if (o.error !== undefined) return `error: ${o.error}`;
  if (!o.exists) return 'missing';
  const version =
    o.graph_manifest_version === undefined ? '' : `, manifest v${o.graph_manifest_version}`;
  return `exists${version}, schema ${o.schema_matches_desired === true ? 'matches' : 'differs'}`;
}
