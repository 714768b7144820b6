import type { PlanChange } from '../../cluster/index.js';
import { migrationStepFromJson } from '../../compiler/migration/migration-json-read.js';
import { renderMigrationStep } from '../../compiler/migration/render-step.js';

const VERBS = { create: 'Create', update: 'Update', delete: 'Delete' } as const;

/** Which dispositions a change line names: a plan shows only what holds a change back. */
export type DispositionShown = 'held-back' | 'all';

/**
 * The lines of one plan or apply change: `  <Create|Update|Delete> <resource>`, ` [bindings]`
 * for a policy whose bindings alone changed, the disposition in brackets (`[Blocked:
 * approval_required]`), then a schema update's migration steps and a `migration UNSUPPORTED:`
 * note when the engine cannot apply them.
 *
 * @example changeLines({ resource: 'policy.base', operation: 'update', binding_change: true }, 'all')
 * // ['  Update policy.base [bindings]']
 */
export function changeLines(change: PlanChange, shown: DispositionShown): string[] {
  const bindings = change.binding_change === true ? ' [bindings]' : '';
  const head = `  ${VERBS[change.operation]} ${change.resource}${bindings}${disposition(change, shown)}`;
  const migration = change.migration;
  if (migration === undefined) return [head];
  const steps = migration.steps.map(
    (step) => `      - ${renderMigrationStep(migrationStepFromJson(step))}`,
  );
  const unsupported = migration.supported
    ? []
    : [
        '    migration UNSUPPORTED: the engine cannot apply these steps; apply fails on this schema',
      ];
  return [head, ...steps, ...unsupported];
}

function disposition(change: PlanChange, shown: DispositionShown): string {
  const { disposition: kind, reason } = change;
  if (kind === undefined) return '';
  if (shown === 'held-back' && kind !== 'blocked' && kind !== 'deferred') return '';
  const label = `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
  return reason === undefined ? ` [${label}]` : ` [${label}: ${reason}]`;
}
