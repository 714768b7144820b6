import type { NearestIR, PropertyRefIR } from '../../../compiler/ir/expr-ir.js';
import { findProperty } from '../../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../../util/omni-error.js';
import type { Filter } from '../../lance/index.js';
import { cosineDistance } from '../../search/index.js';
import type { ExecContext } from '../execution/exec-context.js';
import { operandValue } from '../../values/index.js';
import type { EntityPool } from '../execution/entity-pool.js';
import { columnarOf, lookupRows } from '../execution/row-lookup.js';
import { hasVectorIndex, indexesOf } from './table-indexes-of.js';

/**
 * The query vector of `nearest(field, query)`: a vector operand as given (its dimension checked),
 * or a String embedded by the configured provider. When the property records
 * `@embed(model="…")`, the provider's model must be that model (a `bad_request` otherwise: its
 * vectors would not be comparable). Undefined for a NULL query. Embeddings are computed once per
 * query and text.
 */
export async function queryVector(
  ctx: ExecContext,
  nearest: NearestIR,
): Promise<number[] | undefined> {
  const value = operandValue(nearest.query, ctx.operands);
  if (value.kind === 'null') return undefined;
  if (value.kind === 'vector') {
    if (value.values.length !== nearest.dimension) {
      throw new OmniError(
        'bad_request',
        `nearest() query vector has ${value.values.length} dimensions; ${nearest.field.typeName}.${nearest.field.property} has ${nearest.dimension}`,
      );
    }
    return [...value.values];
  }
  if (value.kind !== 'string')
    throw new OmniError('internal', `nearest() query of kind ${value.kind}`);
  return ctx.embedding(
    `${nearest.field.typeName}.${nearest.field.property}`,
    value.value,
    async () => {
      const provider = ctx.services.embedder();
      const property = findProperty(ctx.nodeType(nearest.field.typeName), nearest.field.property);
      const recorded = property?.embed?.model ?? null;
      if (recorded !== null && recorded !== provider.model) {
        throw new OmniError(
          'bad_request',
          `nearest(): ${nearest.field.typeName}.${nearest.field.property} holds embeddings of model '${recorded}' (@embed), but the query embedder uses '${provider.model}'; set OMNIGRAPH_EMBED_MODEL=${recorded}`,
          {
            details: {
              property: `${nearest.field.typeName}.${nearest.field.property}`,
              embed_model: recorded,
              provider_model: provider.model,
            },
          },
        );
      }
      const [vector] = await provider.embed([value.value], {
        dimension: nearest.dimension,
        task: 'query',
      });
      if (vector === undefined) throw new OmniError('internal', 'the embedder returned no vector');
      return vector;
    },
  );
}

/** Exact cosine distances from `vector` to the entities `ids` (those with a vector). */
export async function vectorDistances(
  ctx: ExecContext,
  field: PropertyRefIR,
  vector: readonly number[],
  ids: readonly string[],
): Promise<Map<string, number>> {
  const key = `node:${field.typeName}`;
  const reader = await ctx.snapshot.reader(key);
  const wanted = new Set(ids);
  const rows = await lookupRows(reader, [...wanted], {
    columns: ['id', field.property],
    rowCount: ctx.snapshot.entry(key).rowCount,
  });
  const distances = new Map<string, number>();
  const rowIds = rows.columns.id ?? [];
  const vectors = rows.columns[field.property] ?? [];
  for (let index = 0; index < rows.length; index += 1) {
    const id = rowIds[index] as string;
    const stored = vectors[index];
    if (!wanted.has(id) || !Array.isArray(stored)) continue;
    const distance = cosineDistance(vector, stored as number[]);
    if (distance !== undefined) distances.set(id, distance);
  }
  return distances;
}

/**
 * The `limit` entities nearest to `vector` among those passing `filter` (a prefilter), through
 * Lance: the vector index when the column has one, an exact scan otherwise or when the filter
 * leaves few rows. Distances are recomputed exactly, so they equal {@link vectorDistances}. The
 * rows found are loaded into `pool` when given (saving a lookup to project them).
 */
export async function nearestEntities(
  ctx: ExecContext,
  field: PropertyRefIR,
  vector: readonly number[],
  limit: number,
  filter: Filter | undefined,
  pool?: EntityPool,
): Promise<Map<string, number>> {
  const key = `node:${field.typeName}`;
  const reader = await ctx.snapshot.reader(key);
  if (ctx.snapshot.entry(key).rowCount === 0) return new Map();
  const { search } = ctx.services;
  const indexed = hasVectorIndex(await indexesOf(ctx.services, reader), field.property);
  const exact =
    !indexed || (filter !== undefined && (await reader.count(filter)) <= search.exactVectorRows);
  const rows = await reader.vectorSearch({
    column: field.property,
    vector,
    limit,
    columns: [...new Set(['id', field.property, ...(pool?.columns ?? [])])],
    distance: 'cosine',
    exact,
    ...(filter === undefined ? {} : { filter }),
    ...(exact ? {} : { nprobes: search.nprobes, refineFactor: search.refineFactor }),
  });
  pool?.adopt(columnarOf(rows, pool.columns));
  const distances = new Map<string, number>();
  for (const row of rows) {
    const stored = row[field.property];
    if (!Array.isArray(stored)) continue;
    const distance = cosineDistance(vector, stored as number[]);
    if (distance !== undefined) distances.set(row.id as string, distance);
  }
  return distances;
}
