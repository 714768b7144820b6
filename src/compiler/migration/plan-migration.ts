/**
 * The migration planner (docs/guide/schema-evolution.md): diffs the accepted catalog against the
 * desired one and lists the steps, in a fixed order:
 *
 * 1. `add_type` (interfaces, nodes, edges, in desired declaration order);
 * 2. `rename_type`; 3. `update_type_metadata`; edge endpoint or cardinality changes;
 * 4. per type, per property: `rename_property`, `add_property`, `extend_enum` or a type change,
 *    `update_property_metadata`; then `drop_property`;
 * 5. `add_constraint` and constraint changes;
 * 6. `drop_type` (edges, nodes, interfaces, in accepted declaration order).
 *
 * Types and properties are matched by stable id, so the desired catalog must have been compiled
 * with `previous: accepted`; then a `@rename_from` rename is a rename, not a drop and an add.
 */
import { OmniError } from '../../util/omni-error.js';
import type { Catalog, EdgeType, SchemaType } from '../catalog/catalog.js';
import type { MigrationPlan, MigrationStep } from './migration-step.js';
import {
  annotationsDiffer,
  entityName,
  metadataAnnotations,
  type PlanContext,
  type TypePair,
} from './plan-context.js';
import { propertySteps } from './property-diff.js';
import { constraintSteps } from './constraint-diff.js';

/** Options of {@link planMigration}. */
export interface PlanMigrationOptions {
  /** Drops become `hard` (`--allow-data-loss`); otherwise `soft`. */
  readonly allowDataLoss?: boolean;
  /**
   * Rows per accepted node/edge type, by type key (`node:Person`). A type missing from the map
   * counts as populated, so an unknown count never lets a data-dependent change through.
   * Decides `OG-MF-103` (required property added to a populated type) and `@key` additions.
   */
  readonly rowCounts?: ReadonlyMap<string, number>;
  /**
   * Refuse to drop data instead of dropping it: a populated node type, edge type or a property
   * of a populated type becomes `unsupported_change` with `OG-DS-102`/`OG-DS-103`/`OG-DS-104`
   * rather than a drop step. Off by default, where drops are soft and data stays reachable by
   * time travel until cleanup.
   */
  readonly refusePopulatedDrops?: boolean;
}

/**
 * Plans the migration from `accepted` to `desired` (compiled with `{ previous: accepted }`).
 *
 * @example
 * const desired = compileSchema(source, { previous: accepted });
 * const plan = planMigration(accepted, desired, { rowCounts: new Map([['node:Person', 3]]) });
 * if (!plan.supported) … // some step is an unsupported_change
 */
export function planMigration(
  accepted: Catalog,
  desired: Catalog,
  options: PlanMigrationOptions = {},
): MigrationPlan {
  assertDerived(accepted, desired);
  const context: PlanContext = {
    mode: options.allowDataLoss === true ? 'hard' : 'soft',
    refusePopulatedDrops: options.refusePopulatedDrops === true,
    isPopulated: (type) =>
      type.kind !== 'interface' && (options.rowCounts?.get(`${type.kind}:${type.name}`) ?? 1) > 0,
  };
  const acceptedTypes = allTypes(accepted);
  const desiredTypes = allTypes(desired);
  const acceptedById = new Map(acceptedTypes.map((type) => [type.id, type]));
  const desiredIds = new Set(desiredTypes.map((type) => type.id));
  const pairs = desiredTypes.flatMap((type): TypePair[] => {
    const previous = acceptedById.get(type.id);
    return previous === undefined ? [] : [{ accepted: previous, desired: type }];
  });
  const renamedNodes = nodeNames(accepted, desired);
  const steps: MigrationStep[] = [
    ...desiredTypes
      .filter((type) => !acceptedById.has(type.id))
      .map((type): MigrationStep => ({ kind: 'add_type', typeKind: type.kind, name: type.name })),
    ...pairs.flatMap(renameStep),
    ...pairs.flatMap(typeMetadataStep),
    ...pairs.flatMap((pair) => edgeShapeSteps(pair, renamedNodes)),
    ...pairs.flatMap((pair) => propertySteps(pair, context)),
    ...pairs.flatMap((pair) => constraintSteps(pair, context)),
    ...acceptedTypes
      .filter((type) => !desiredIds.has(type.id))
      .sort((a, b) => DROP_ORDER[a.kind] - DROP_ORDER[b.kind])
      .map((type) => dropTypeStep(type, context)),
  ];
  return { supported: steps.every((step) => step.kind !== 'unsupported_change'), steps };
}

/** Edges go first so no edge type outlives its endpoint types. */
const DROP_ORDER: Readonly<Record<SchemaType['kind'], number>> = { edge: 0, node: 1, interface: 2 };

function allTypes(catalog: Catalog): readonly SchemaType[] {
  return [...catalog.interfaces, ...catalog.nodeTypes, ...catalog.edgeTypes];
}

function renameStep({ accepted, desired }: TypePair): MigrationStep[] {
  if (accepted.name === desired.name) return [];
  return [{ kind: 'rename_type', typeKind: desired.kind, from: accepted.name, to: desired.name }];
}

function typeMetadataStep({ accepted, desired }: TypePair): MigrationStep[] {
  if (accepted.kind === 'interface' || desired.kind === 'interface') return [];
  const annotations = metadataAnnotations(desired.annotations);
  if (!annotationsDiffer(metadataAnnotations(accepted.annotations), annotations)) return [];
  return [
    { kind: 'update_type_metadata', typeKind: desired.kind, name: desired.name, annotations },
  ];
}

/** Each accepted node type name mapped to the desired name of the same type (absent: dropped). */
function nodeNames(accepted: Catalog, desired: Catalog): ReadonlyMap<string, string> {
  const desiredById = new Map(desired.nodeTypes.map((type) => [type.id, type.name]));
  return new Map(
    accepted.nodeTypes.flatMap((type) => {
      const name = desiredById.get(type.id);
      return name === undefined ? [] : [[type.name, name] as const];
    }),
  );
}

/**
 * Endpoints and cardinality have no step of their own, so changing them is unsupported. An
 * endpoint whose node type was renamed is unchanged.
 */
function edgeShapeSteps(
  { accepted, desired }: TypePair,
  renamedNodes: ReadonlyMap<string, string>,
): MigrationStep[] {
  if (accepted.kind !== 'edge' || desired.kind !== 'edge') return [];
  const steps: MigrationStep[] = [];
  if (
    renamedNodes.get(accepted.from) !== desired.from ||
    renamedNodes.get(accepted.to) !== desired.to
  ) {
    steps.push({
      kind: 'unsupported_change',
      entity: entityName(desired),
      reason: `changing the endpoints of edge type '${desired.name}' from ${endpoints(accepted)} to ${endpoints(desired)} is not supported`,
      code: null,
    });
  }
  if (
    accepted.cardinality.min !== desired.cardinality.min ||
    accepted.cardinality.max !== desired.cardinality.max
  ) {
    steps.push({
      kind: 'unsupported_change',
      entity: entityName(desired),
      reason: `changing the cardinality of edge type '${desired.name}' is not supported`,
      code: null,
    });
  }
  return steps;
}

function endpoints(edge: EdgeType): string {
  return `${edge.from} -> ${edge.to}`;
}

function dropTypeStep(type: SchemaType, context: PlanContext): MigrationStep {
  if (context.refusePopulatedDrops && context.isPopulated(type)) {
    return {
      kind: 'unsupported_change',
      entity: entityName(type),
      reason: `removing ${type.kind} type '${type.name}' is not supported while it holds data`,
      code: type.kind === 'edge' ? 'OG-DS-103' : 'OG-DS-102',
    };
  }
  return { kind: 'drop_type', typeKind: type.kind, name: type.name, mode: context.mode };
}

/**
 * Refuses a desired catalog that was not compiled against `accepted`: its ids would not mean
 * the same entities, and the diff would be wrong.
 */
function assertDerived(accepted: Catalog, desired: Catalog): void {
  const acceptedByKey = new Map(allTypes(accepted).map((type) => [entityName(type), type.id]));
  const mismatch = allTypes(desired).find((type) => {
    const id = acceptedByKey.get(entityName(type));
    return id !== undefined && id !== type.id;
  });
  if (mismatch !== undefined || desired.nextId < accepted.nextId) {
    throw new OmniError(
      'internal',
      'the desired catalog was not compiled against the accepted catalog (compileSchema with { previous })',
    );
  }
}
