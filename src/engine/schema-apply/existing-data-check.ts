import type { Catalog, Constraint, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { findEdgeType, findNodeType } from '../../compiler/catalog/catalog-lookup.js';
import type { MigrationStep } from '../../compiler/migration/migration-step.js';
import { OmniError, messageOf } from '../../util/omni-error.js';
import type { Row } from '../lance/index.js';
import { uniqueValueKey, type Snapshot } from '../snapshot/index.js';
import { describeColumns, describeTuple } from '../load/index.js';
import { checkRowConstraints } from '../values/index.js';

type DataType = NodeType | EdgeType;

/**
 * Refuses a schema apply whose new constraints (`@unique`, `@range`, `@check`) the data already
 * in the graph breaks, naming the first offending row. Reads every affected table at the
 * base snapshot; rows are seen under the desired property names (renames applied), and a
 * property added by the same apply is null everywhere, which no constraint rejects.
 */
export async function checkExistingData(
  base: Snapshot,
  desired: Catalog,
  steps: readonly MigrationStep[],
): Promise<void> {
  const byType = new Map<string, Constraint[]>();
  for (const step of steps) {
    if (step.kind !== 'add_constraint' || step.typeKind === 'interface') continue;
    if (!['unique', 'range', 'check'].includes(step.constraint.kind)) continue;
    const key = `${step.typeKind}:${step.typeName}`;
    byType.set(key, [...(byType.get(key) ?? []), step.constraint]);
  }
  for (const [key, constraints] of byType) {
    const [kind, name] = key.split(':') as ['node' | 'edge', string];
    const type = kind === 'node' ? findNodeType(desired, name) : findEdgeType(desired, name);
    if (type === undefined) continue;
    const rows = await rowsUnderDesiredNames(base, type);
    for (const constraint of constraints) checkConstraint(type, constraint, rows);
  }
}

/** The rows of a type's table at the base pin, keyed by desired property names. */
async function rowsUnderDesiredNames(base: Snapshot, type: DataType): Promise<Row[]> {
  const accepted = [...base.catalog.nodeTypes, ...base.catalog.edgeTypes].find(
    (candidate) => candidate.id === type.id && candidate.kind === type.kind,
  );
  if (accepted === undefined || base.entry(`${accepted.kind}:${accepted.name}`).rowCount === 0)
    return [];
  const names = new Map<string, string>();
  for (const property of type.properties) {
    const previous = accepted.properties.find((candidate) => candidate.id === property.id);
    if (previous !== undefined) names.set(previous.name, property.name);
  }
  const reader = await base.reader(`${accepted.kind}:${accepted.name}`);
  const rows = await reader.scan({ columns: ['id', ...names.keys()] });
  return rows.map((row) => {
    const renamed: Record<string, Row[string]> = { id: row.id ?? null };
    for (const [from, to] of names) renamed[to] = row[from] ?? null;
    return renamed;
  });
}

function checkConstraint(type: DataType, constraint: Constraint, rows: readonly Row[]): void {
  if (constraint.kind === 'unique') {
    checkUnique(type, constraint.properties, rows);
    return;
  }
  // Only this constraint: the rows met the accepted schema's own rules already.
  const view = { ...type, properties: [], constraints: [constraint] };
  for (const row of rows) {
    try {
      checkRowConstraints(view, row);
    } catch (error) {
      throw violation(type, row, messageOf(error));
    }
  }
}

function checkUnique(type: DataType, properties: readonly string[], rows: readonly Row[]): void {
  const holders = new Map<string, string>();
  for (const row of rows) {
    const tuple = properties.map((property) => row[property] ?? null);
    if (tuple.some((value) => value === null)) continue;
    const key = uniqueValueKey(tuple);
    const holder = holders.get(key);
    if (holder !== undefined) {
      throw violation(
        type,
        row,
        `@unique violation on ${describeColumns(type, properties)}: value '${describeTuple(tuple)}' held by '${holder}' and '${String(row.id)}'`,
      );
    }
    holders.set(key, String(row.id));
  }
}

function violation(type: DataType, row: Row, message: string): OmniError {
  return new OmniError(
    'conflict',
    `schema apply refused: existing data of ${type.kind} type '${type.name}' breaks a new constraint (row '${String(row.id)}'): ${message}; fix or remove the data first, or drop the constraint from the schema`,
    { details: { type_name: type.name, id: row.id ?? null } },
  );
}
