import type {
  Catalog,
  Column,
  EdgeType,
  NodeType,
  Property,
} from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { ColumnSpec, ColumnChange } from '../lance/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { tableNameFor } from '../root/index.js';

/** A table a schema apply creates (an added node or edge type). */
export interface CreatedTable {
  readonly tableKey: string;
  readonly table: string;
  readonly columns: readonly Column[];
}

/** The column changes of one existing table, in the order they run. */
export interface AlteredTable {
  /** The table's key in the base manifest (before any rename). */
  readonly tableKey: string;
  readonly changes: readonly ColumnChange[];
}

/**
 * What a schema apply does to tables and to the manifest, derived from the accepted and the
 * desired catalog (types and properties matched by stable id):
 * - an added type gets a new table; a dropped type leaves the manifest (its data stays in the
 *   versions older commits pin);
 * - a renamed type keeps its table (tables are named by stable id) under its new key;
 * - a renamed property is a renamed column; an added property a new all-null column;
 * - a dropped property: `hard` drops the column from the new version; `soft` keeps it (made
 *   nullable, so writes that no longer know it still succeed), out of the catalog's sight.
 */
export interface TableEffects {
  readonly created: readonly CreatedTable[];
  readonly altered: readonly AlteredTable[];
  /** Base table key → desired table key, for renamed types. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Base table keys of dropped types. */
  readonly dropped: readonly string[];
}

type DataType = NodeType | EdgeType;

function dataTypes(catalog: Catalog): DataType[] {
  return [...catalog.nodeTypes, ...catalog.edgeTypes];
}

/** The table effects of going from `base`'s catalog to `desired` (see {@link TableEffects}). */
export async function tableEffects(
  base: Snapshot,
  desired: Catalog,
  hardDrops: boolean,
): Promise<TableEffects> {
  const acceptedById = new Map(dataTypes(base.catalog).map((type) => [type.id, type]));
  const desiredIds = new Set(dataTypes(desired).map((type) => type.id));
  const created: CreatedTable[] = [];
  const altered: AlteredTable[] = [];
  const renamed = new Map<string, string>();
  for (const type of dataTypes(desired)) {
    const previous = acceptedById.get(type.id);
    if (previous === undefined) {
      created.push({ tableKey: typeKey(type), table: tableNameFor(type), columns: type.columns });
      continue;
    }
    const key = typeKey(previous);
    if (key !== typeKey(type)) renamed.set(key, typeKey(type));
    const physical = (await base.reader(key)).columns;
    const changes = columnChanges(previous, type, physical, hardDrops);
    if (changes.length > 0) altered.push({ tableKey: key, changes });
  }
  const dropped = dataTypes(base.catalog)
    .filter((type) => !desiredIds.has(type.id))
    .map((type) => typeKey(type));
  return { created, altered, renamed, dropped };
}

/**
 * The column changes of a type present in both catalogs, against the table's actual columns
 * (which may hold columns of properties dropped softly before): drops first (hard drops, and
 * kept columns in the way of a new name), then renames, additions, and relaxed nullability.
 */
function columnChanges(
  accepted: DataType,
  desired: DataType,
  physical: readonly ColumnSpec[],
  hardDrops: boolean,
): ColumnChange[] {
  const previousById = new Map(accepted.properties.map((property) => [property.id, property]));
  const desiredIds = new Set(desired.properties.map((property) => property.id));
  const removed = accepted.properties.filter((property) => !desiredIds.has(property.id));
  const renames = desired.properties.flatMap((property) => {
    const previous = previousById.get(property.id);
    return previous !== undefined && previous.name !== property.name
      ? [{ from: previous.name, to: property.name }]
      : [];
  });
  const added = desired.properties.filter((property) => !previousById.has(property.id));
  rejectRenameChains(desired, renames);
  const newNames = new Set([...renames.map((r) => r.to), ...added.map((p) => p.name)]);
  const hardDropped = hardDrops ? removed.map((property) => property.name) : [];
  // Columns no desired property reads (dropped softly, now or before) that a new name needs.
  const inTheWay = physical
    .map((column) => column.name)
    .filter((name) => newNames.has(name) && !hardDropped.includes(name));
  const drops = [...hardDropped, ...inTheWay];
  const relaxed = hardDrops ? [] : softDropsToRelax(removed, physical, newNames);
  return [
    ...(drops.length > 0 ? [{ kind: 'drop' as const, names: drops }] : []),
    ...renames.map((rename) => ({ kind: 'rename' as const, ...rename })),
    ...(added.length > 0
      ? [{ kind: 'add' as const, columns: added.map((p) => columnOf(desired, p)) }]
      : []),
    ...(relaxed.length > 0 ? [{ kind: 'relax' as const, names: relaxed }] : []),
  ];
}

/** Softly dropped properties whose columns stay and refuse nulls: they must accept them now. */
function softDropsToRelax(
  removed: readonly Property[],
  physical: readonly ColumnSpec[],
  newNames: ReadonlySet<string>,
): string[] {
  return removed
    .filter((property) => !newNames.has(property.name))
    .filter((property) => physical.some((c) => c.name === property.name && !c.nullable))
    .map((property) => property.name);
}

/**
 * Renames run one after another, so a rename onto a name another rename frees (a swap or a
 * chain) would collide mid-way.
 */
function rejectRenameChains(
  type: DataType,
  renames: readonly { readonly from: string; readonly to: string }[],
): void {
  const sources = new Set(renames.map((rename) => rename.from));
  const chained = renames.find((rename) => sources.has(rename.to));
  if (chained === undefined) return;
  throw new OmniError(
    'bad_request',
    `renaming property '${type.name}.${chained.from}' to '${chained.to}' reuses the name of another renamed property; apply the renames in two schema applies`,
    { details: { type_name: type.name, from: chained.from, to: chained.to } },
  );
}

function columnOf(type: DataType, property: Property): ColumnSpec {
  const column = type.columns.find((candidate) => candidate.propertyId === property.id);
  if (column === undefined)
    throw new OmniError('internal', `no column for property '${type.name}.${property.name}'`);
  return column;
}
