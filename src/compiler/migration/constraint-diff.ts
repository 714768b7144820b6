import type { Constraint, EdgeType, NodeType, SchemaType } from '../catalog/catalog.js';
import { formatConstraint } from '../catalog/format-constraint.js';
import type { MigrationStep } from './migration-step.js';
import { entityName, type PlanContext, type TypePair } from './plan-context.js';

/**
 * The constraint steps of a node or edge type present in both catalogs. Accepted constraints are
 * first carried through property renames, and those on dropped properties go with them. Then:
 * - a new constraint is `add_constraint` (the engine validates existing rows when applying);
 * - a `@key` is identity: adding one to a populated type, or changing or removing one (also by
 *   dropping a key property), is unsupported, since existing ids derive from its values;
 * - removing any other constraint has no step kind, so it is unsupported as well.
 */
export function constraintSteps(pair: TypePair, context: PlanContext): MigrationStep[] {
  const { accepted, desired } = pair;
  if (accepted.kind === 'interface' || desired.kind === 'interface') return [];
  const rename = propertyRenaming(accepted, desired);
  const carried = accepted.constraints.flatMap((constraint) => carry(constraint, rename));
  const before = new Set(carried.map(constraintKey));
  const after = new Set(desired.constraints.map(constraintKey));
  const isKey = (constraint: Constraint): boolean => constraint.kind === 'key';
  return [
    ...keySteps(accepted, desired, rename, context),
    ...desired.constraints
      .filter((constraint) => !isKey(constraint) && !before.has(constraintKey(constraint)))
      .map((constraint): MigrationStep => ({
        kind: 'add_constraint',
        typeKind: desired.kind,
        typeName: desired.name,
        constraint,
      })),
    ...carried
      .filter((constraint) => !isKey(constraint) && !after.has(constraintKey(constraint)))
      .map((constraint) =>
        unsupported(
          desired,
          `removing ${formatConstraint(constraint)} from ${desired.kind} type '${desired.name}' is not supported`,
        ),
      ),
  ];
}

function keySteps(
  accepted: NodeType | EdgeType,
  desired: NodeType | EdgeType,
  rename: Rename,
  context: PlanContext,
): MigrationStep[] {
  const before = accepted.kind === 'node' ? accepted.key : null;
  const after = desired.kind === 'node' ? desired.key : null;
  if (before === null && after === null) return [];
  if (before === null && after !== null) {
    const constraint: Constraint = { kind: 'key', properties: after };
    if (!context.isPopulated(accepted)) {
      return [
        { kind: 'add_constraint', typeKind: desired.kind, typeName: desired.name, constraint },
      ];
    }
    const written = formatConstraint(constraint);
    return [
      unsupported(
        desired,
        `adding ${written} to node type '${desired.name}' is not supported while it holds data`,
      ),
    ];
  }
  const carried = (before ?? []).map(rename);
  if (after !== null && carried.join('\0') === after.join('\0')) return [];
  const written = formatConstraint({ kind: 'key', properties: before ?? [] });
  return [
    unsupported(
      desired,
      after === null
        ? `removing ${written} from node type '${desired.name}' is not supported`
        : `changing the @key of node type '${desired.name}' is not supported`,
    ),
  ];
}

function unsupported(type: SchemaType, reason: string): MigrationStep {
  return { kind: 'unsupported_change', entity: entityName(type), reason, code: null };
}

/** Maps an accepted property name to its desired name; null when the property was dropped. */
type Rename = (name: string) => string | null;

function propertyRenaming(accepted: NodeType | EdgeType, desired: NodeType | EdgeType): Rename {
  const desiredNames = new Map(desired.properties.map((property) => [property.id, property.name]));
  const renamed = new Map(
    accepted.properties.map((property) => [property.name, desiredNames.get(property.id) ?? null]),
  );
  // Edge endpoints (`src`, `dst`) are not properties and keep their names.
  return (name) => (renamed.has(name) ? (renamed.get(name) ?? null) : name);
}

/** An accepted constraint in desired property names; none when it names a dropped property. */
function carry(constraint: Constraint, rename: Rename): Constraint[] {
  if (constraint.kind === 'range' || constraint.kind === 'check') {
    const property = rename(constraint.property);
    return property === null ? [] : [{ ...constraint, property }];
  }
  const properties = constraint.properties.map(rename);
  const kept = properties.filter((name) => name !== null);
  return kept.length === properties.length ? [{ ...constraint, properties: kept }] : [];
}

/** Identity of a constraint for the diff (bigint bounds as text). */
function constraintKey(constraint: Constraint): string {
  return JSON.stringify(constraint, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}
