import type {
  ApplyOutput,
  ApproveOutput,
  ForceUnlockOutput,
  MigrateStorageOutput,
  PlanOutput,
  StateSyncOutput,
  StatusOutput,
  ValidateOutput,
} from '../../cluster/index.js';
import { changeLines } from './change-lines.js';
import { diagnosticLines } from './diagnostic-lines.js';
import { observationLines, stateLines, resourceStatusLines } from './state-lines.js';

// The human reports of `omnigraph cluster <verb>`: the result, then every diagnostic, then a
// `cluster <verb> failed` line whenever `ok` is false (the exit code is 1 then).

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function withDiagnostics(
  verb: string,
  output: { readonly ok: boolean; readonly diagnostics: ValidateOutput['diagnostics'] },
  lines: readonly string[],
): string[] {
  const failed = output.ok ? [] : [`cluster ${verb} failed`];
  return [...lines, ...diagnosticLines(output.diagnostics), ...failed];
}

/** `cluster validate: <n> resources in <config_file>`. */
export function validateLines(output: ValidateOutput): string[] {
  const lines = output.ok
    ? [`cluster validate: ${output.resources.length} resources in ${output.config_file}`]
    : [];
  return withDiagnostics('validate', output, lines);
}

/** One line per change (plus migration steps), or `  no changes`, then required approvals. */
export function planLines(output: PlanOutput): string[] {
  if (!output.ok && output.changes.length === 0) return withDiagnostics('plan', output, []);
  const changes = output.changes.flatMap((change) => changeLines(change, 'held-back'));
  const approvals = output.approvals_required.map(
    (a) =>
      `  approval ${a.satisfied ? 'granted' : 'required'}: ${a.resource} (${a.reason})${a.satisfied ? '' : ` — run \`omnigraph cluster approve ${a.resource} --as <you>\``}`,
  );
  const body = changes.length === 0 ? ['  no changes'] : changes;
  return withDiagnostics('plan', output, [
    `cluster plan: ${output.changes.length} change(s)`,
    ...body,
    ...approvals,
  ]);
}

/** Each change with its disposition, then what converged and whether state was written. */
export function applyLines(output: ApplyOutput): string[] {
  if (!output.ok && output.changes.length === 0) return withDiagnostics('apply', output, []);
  const changes = output.changes.flatMap((change) => changeLines(change, 'all'));
  const actor = output.actor === undefined ? '' : ` as ${output.actor}`;
  return withDiagnostics('apply', output, [
    `cluster apply${actor}: ${output.changes.length} change(s)`,
    ...(changes.length === 0 ? ['  no changes'] : changes),
    `applied: ${output.applied_count}, deferred: ${output.deferred_count}, converged: ${yesNo(output.converged)}, state written: ${yesNo(output.state_written)}`,
  ]);
}

/** `cluster approve: delete graph.scratch approved by andrew (approval <ulid>)`. */
export function approveLines(output: ApproveOutput): string[] {
  const lines =
    output.approval_id === undefined
      ? []
      : [
          `cluster approve: ${output.operation ?? 'delete'} ${output.resource ?? '?'} approved by ${output.approved_by ?? '?'} (approval ${output.approval_id})`,
        ];
  return withDiagnostics('approve', output, lines);
}

/** The ledger and lock, every resource's status, and the graphs as last observed. */
export function clusterStatusLines(output: StatusOutput): string[] {
  return withDiagnostics('status', output, [
    ...stateLines(output.state_observations),
    ...resourceSection(output.resource_statuses, output.resource_digests),
    ...observationSection(output.observations),
  ]);
}

/** What `refresh` or `import` observed and recorded. */
export function syncLines(verb: 'refresh' | 'import', output: StateSyncOutput): string[] {
  return withDiagnostics(verb, output, [
    ...stateLines(output.state_observations),
    ...resourceSection(output.resource_statuses, output.resource_digests),
    ...observationSection(output.observations),
  ]);
}

/** `cluster force-unlock: removed lock <id>`, or why nothing was removed. */
export function forceUnlockLines(output: ForceUnlockOutput, lockId: string): string[] {
  const lines = output.lock_removed ? [`cluster force-unlock: removed lock ${lockId}`] : [];
  return withDiagnostics('force-unlock', output, [
    ...lines,
    ...stateLines(output.state_observations),
  ]);
}

/** What was copied and whether the ledger moved; the last line is the one for cluster.yaml. */
export function migrateLines(output: MigrateStorageOutput): string[] {
  const lines =
    output.destination === undefined
      ? []
      : [
          `cluster migrate-storage: ${output.source ?? '?'} → ${output.destination}`,
          `copied ${output.objects_copied} object(s) (${output.bytes_copied} bytes), ${output.objects_skipped} already present; ledger ${output.ledger.replace('_', ' ')}`,
        ];
  const storage =
    output.storage_line === undefined
      ? []
      : ['set this in cluster.yaml to use the new root:', output.storage_line];
  return withDiagnostics('migrate-storage', output, [...lines, ...storage]);
}

function resourceSection(
  statuses: StatusOutput['resource_statuses'],
  digests: StatusOutput['resource_digests'],
): string[] {
  const count = Object.keys(digests).length;
  if (count === 0 && Object.keys(statuses).length === 0) return [];
  return [`resources: ${count} applied`, ...resourceStatusLines(statuses)];
}

function observationSection(observations: StatusOutput['observations']): string[] {
  const lines = observationLines(observations);
  return lines.length === 0 ? [] : ['observations:', ...lines];
}
