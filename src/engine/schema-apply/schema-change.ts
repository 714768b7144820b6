import type { Catalog } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import type { MigrationPlan } from '../../compiler/migration/migration-step.js';
import { planMigration } from '../../compiler/migration/plan-migration.js';
import { compileSchema } from '../../compiler/schema/compile-schema.js';
import type { Snapshot } from '../snapshot/index.js';
import { embedModelChanges } from './embed-model-changes.js';

/** A desired schema compiled against a snapshot's schema, and the migration to it. */
export interface SchemaChange {
  readonly source: string;
  readonly desired: Catalog;
  readonly plan: MigrationPlan;
}

/**
 * Compiles `source` against the snapshot's accepted catalog (so `@rename_from` keeps stable
 * ids) and plans the migration with the snapshot's row counts; a changed `@embed` model adds an
 * `unsupported_change`. A source that does not compile throws its compiler error.
 */
export function planSchemaChange(
  base: Snapshot,
  source: string,
  options: { readonly allowDataLoss: boolean; readonly file: string | undefined },
): SchemaChange {
  const { allowDataLoss, file } = options;
  const desired = compileSchema(source, {
    previous: base.catalog,
    ...(file === undefined ? {} : { file }),
  });
  const rowCounts = new Map(
    [...base.catalog.nodeTypes, ...base.catalog.edgeTypes].map((type) => [
      typeKey(type),
      base.entry(typeKey(type)).rowCount,
    ]),
  );
  const planned = planMigration(base.catalog, desired, { allowDataLoss, rowCounts });
  const steps = [...planned.steps, ...embedModelChanges(base.catalog, desired)];
  return {
    source,
    desired,
    plan: { supported: steps.every((step) => step.kind !== 'unsupported_change'), steps },
  };
}
