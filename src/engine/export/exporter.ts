import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { OmniError } from '../../util/omni-error.js';
import type { Row } from '../lance/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { cellJson } from '../values/index.js';

function byId(a: Row, b: Row): number {
  const x = String(a.id);
  const y = String(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One entity as a load-format line: every declared property, nulls included. */
function exportLine(type: NodeType | EdgeType, row: Row): string {
  const data = [`"id":${JSON.stringify(row.id)}`];
  for (const column of type.columns) {
    if (column.propertyId === null) continue;
    data.push(`${JSON.stringify(column.name)}:${cellJson(column.type, row[column.name] ?? null)}`);
  }
  const body = `{${data.join(',')}}`;
  return type.kind === 'node'
    ? `{"type":${JSON.stringify(type.name)},"data":${body}}`
    : `{"edge":${JSON.stringify(type.name)},"from":${JSON.stringify(row.src)},"to":${JSON.stringify(row.dst)},"data":${body}}`;
}

/**
 * The entities of a snapshot as NDJSON lines in load format (docs/reference/ndjson.md): tables in
 * lexicographic key order (`edge:*` before `node:*`), rows by id. `types` selects node and/or edge
 * types by name. The output loads back to the same graph. Every table is opened before the first
 * line, so a commit whose data cleanup reclaimed fails with nothing written.
 */
export async function* exportSnapshot(
  snapshot: Snapshot,
  types: readonly string[] = [],
): AsyncGenerator<string> {
  const all = snapshot.types();
  for (const name of types) {
    if (!all.some((t) => t.type.name === name)) {
      throw new OmniError('bad_request', `unknown export type '${name}'`, {
        details: { type_name: name },
      });
    }
  }
  const selected = all.filter(({ type }) => types.length === 0 || types.includes(type.name));
  const opened = await Promise.all(
    selected.map(async ({ key, type }) => ({ type, reader: await snapshot.reader(key) })),
  );
  for (const { type, reader } of opened) {
    const rows = await reader.scan();
    for (const row of rows.sort(byId)) yield exportLine(type, row);
  }
}
