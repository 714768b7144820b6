import type { Catalog, NodeType, Property } from '../catalog/catalog.js';
import type { QueryIR } from '../ir/query-ir.js';
import type { LintFinding } from './lint-output.js';

/**
 * `L201`: for each node type that some update query writes, every nullable property that is not
 * a `@key` member nor an `@embed` source and that no update query sets — such a field can be
 * filled by an insert but never corrected afterwards.
 */
export function unsetPropertyFindings(
  catalog: Catalog,
  queries: readonly QueryIR[],
): LintFinding[] {
  return catalog.nodeTypes.flatMap((type) => typeFindings(type, queries));
}

function typeFindings(type: NodeType, queries: readonly QueryIR[]): LintFinding[] {
  const updates = queries.flatMap((query) => updatesOf(query, type.name));
  if (updates.length === 0) return [];
  const set = new Set(updates.flatMap((update) => update.properties));
  const queryNames = [...new Set(updates.map((update) => update.query))];
  return type.properties
    .filter((property) => isUpdatable(type, property) && !set.has(property.name))
    .map((property) => ({
      severity: 'warning',
      code: 'L201',
      message: `${type.name}.${property.name} exists in schema but no update query sets it`,
      type_name: type.name,
      property: property.name,
      query_names: queryNames,
    }));
}

/** The update statements of `query` on `typeName`, with the properties each sets. */
function updatesOf(
  query: QueryIR,
  typeName: string,
): { readonly query: string; readonly properties: readonly string[] }[] {
  if (query.kind !== 'mutation') return [];
  return query.statements.flatMap((statement) =>
    statement.kind === 'update-node' && statement.typeName === typeName
      ? [{ query: query.name, properties: statement.assignments.map((a) => a.property) }]
      : [],
  );
}

function isUpdatable(type: NodeType, property: Property): boolean {
  const isKey = type.key?.includes(property.name) === true;
  const isEmbedSource = type.properties.some((other) => other.embed?.source === property.name);
  return property.nullable && !isKey && !isEmbedSource;
}
