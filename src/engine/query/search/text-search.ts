import type { PropertyRefIR, TextSearchIR } from '../../../compiler/ir/expr-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import {
  type Filter,
  type TableReader,
  SCORE_COLUMN,
  type TextQuery,
  type TextTerm,
} from '../../lance/index.js';
import { autoFuzziness } from '../../../util/edit-distance.js';
import { TextIndex, tokenize } from '../../search/index.js';
import type { EntityPool } from '../execution/entity-pool.js';
import type { ExecContext } from '../execution/exec-context.js';
import { operandValue } from '../../values/index.js';
import { columnarOf } from '../execution/row-lookup.js';
import { recentTextIndex } from './recent-text-rows.js';
import { indexesOf, textIndexOf } from './table-indexes-of.js';

/** Where a text column is searched: Lance's inverted index, or the exact in-memory index. */
type TextBackend =
  | {
      readonly kind: 'lance';
      readonly reader: TableReader;
      readonly rowCount: number;
      readonly column: string;
      /**
       * For a fuzzy match: an exact index of (at least) the rows Lance's index does not cover
       * yet, whose matches complete Lance's (it matches those rows on exact terms only).
       */
      readonly recent?: TextIndex;
    }
  | { readonly kind: 'memory'; readonly index: TextIndex };

/**
 * The ids of the entities a text predicate matches (`search`: any query token; `fuzzy`: any
 * token within the edits, or the automatic edits per token; `match_text`: the tokens as a
 * phrase). A NULL query matches nothing.
 */
export async function textMatches(
  ctx: ExecContext,
  search: TextSearchIR,
): Promise<ReadonlySet<string>> {
  const text = queryText(ctx, search.query);
  if (text === undefined) return new Set();
  const tokens = tokenize(text);
  if (tokens.length === 0) return new Set();
  const edits = search.mode === 'fuzzy' ? maxEdits(ctx, search) : 0;
  const terms: TextTerm[] = tokens.map((token) => ({
    text: token.term,
    fuzziness: edits ?? autoFuzziness(token.term),
  }));
  const fuzzy = terms.some((term) => term.fuzziness > 0);
  const backend = await textBackend(ctx, search.field, fuzzy);
  if (search.mode === 'match_text') {
    if (backend.kind === 'memory') return backend.index.matchPhrase(tokens);
    return idsOf(backend, { kind: 'phrase', terms: tokens.map((token) => token.term) });
  }
  if (backend.kind === 'memory') return new Set(backend.index.scoreTerms(terms).keys());
  const ids = await idsOf(backend, { kind: 'terms', terms });
  for (const id of backend.recent?.scoreTerms(terms).keys() ?? []) ids.add(id);
  return ids;
}

/** Options of {@link textScores}. */
export interface TextScoreOptions {
  /** Only the best `limit` rows (all matching rows when absent). */
  readonly limit?: number;
  /** Only rows passing this filter (pushed into Lance, or checked by a lookup). */
  readonly filter?: Filter;
  /** Load the rows found by an index search into this pool (saving a lookup to project them). */
  readonly pool?: EntityPool;
}

/** BM25 scores of the rows matching any token of `text` in `field`, by entity id. */
export async function textScores(
  ctx: ExecContext,
  field: PropertyRefIR,
  text: string,
  options: TextScoreOptions = {},
): Promise<Map<string, number>> {
  const terms = tokenize(text).map((token) => ({ text: token.term, fuzziness: 0 }));
  if (terms.length === 0) return new Map();
  const backend = await textBackend(ctx, field);
  if (backend.kind === 'lance') {
    if (backend.rowCount === 0) return new Map();
    const rows = await backend.reader.textSearch({
      column: field.property,
      query: { kind: 'terms', terms },
      limit: options.limit ?? backend.rowCount,
      columns: options.pool?.columns ?? ['id'],
      ...(options.filter === undefined ? {} : { filter: options.filter }),
    });
    if (options.pool !== undefined) options.pool.adopt(columnarOf(rows, options.pool.columns));
    return new Map(rows.map((row) => [row.id as string, Number(row[SCORE_COLUMN])]));
  }
  let scores = backend.index.scoreTerms(terms);
  if (options.filter !== undefined) {
    const pool = ctx.nodePool(field.typeName);
    const passing = await pool.filter(
      [...scores.keys()].map((id) => pool.slot(id)),
      options.filter,
    );
    const kept = new Set(passing.map((slot) => pool.id(slot)));
    scores = new Map([...scores].filter(([id]) => kept.has(id)));
  }
  if (options.limit === undefined) return scores;
  return new Map(
    [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.limit),
  );
}

/** The query text of a search operand, or undefined for NULL. */
export function queryText(ctx: ExecContext, operand: TextSearchIR['query']): string | undefined {
  const value = operandValue(operand, ctx.operands);
  if (value.kind === 'null') return undefined;
  if (value.kind !== 'string') throw new OmniError('internal', `text query of kind ${value.kind}`);
  return value.value;
}

function maxEdits(ctx: ExecContext, search: TextSearchIR): number | undefined {
  if (search.maxEdits === undefined) return undefined;
  const value = operandValue(search.maxEdits, ctx.operands);
  if (value.kind === 'null') return undefined;
  const edits =
    value.kind === 'int' || value.kind === 'float'
      ? value.value
      : value.kind === 'bigint'
        ? Number(value.value)
        : NaN;
  if (!Number.isInteger(edits) || edits < 0) {
    throw new OmniError(
      'bad_request',
      `fuzzy() max edits must be a non-negative integer, not ${edits}`,
    );
  }
  return edits;
}

async function idsOf(
  backend: Extract<TextBackend, { kind: 'lance' }>,
  query: TextQuery,
): Promise<Set<string>> {
  if (backend.rowCount === 0) return new Set();
  const column = backend.column;
  const rows = await backend.reader.textSearch({
    column,
    query,
    limit: backend.rowCount,
    columns: ['id'],
  });
  return new Set(rows.map((row) => row.id as string));
}

/**
 * Where to search `field`: Lance's full-text index when the column has a usable one, else the
 * exact in-memory index of the column. Lance matches the rows written since its index was built
 * on exact terms only, so a `fuzzy` search (some term allowed edits) of a version holding such
 * rows also takes an in-memory index of them ({@link recentTextIndex}), or of the whole column
 * when they cannot be told apart.
 */
async function textBackend(
  ctx: ExecContext,
  field: PropertyRefIR,
  fuzzy = false,
): Promise<TextBackend> {
  const key = `node:${field.typeName}`;
  const reader = await ctx.snapshot.reader(key);
  const column = field.property;
  if (ctx.services.search.textMode !== 'memory') {
    const index = textIndexOf(await indexesOf(ctx.services, reader), column);
    if (index !== undefined) {
      const rowCount = ctx.snapshot.entry(key).rowCount;
      const lance = { kind: 'lance', reader, rowCount, column } as const;
      if (!fuzzy || index.unindexedRows === 0) return lance;
      const recent = await ctx.services.textIndexes.get(
        reader,
        `recent\u0000${column}`,
        async () =>
          (await recentTextIndex(reader, column, index.unindexedRows, rowCount)) ??
          wholeTextIndex(ctx, reader, column),
      );
      return { ...lance, recent };
    }
  }
  return { kind: 'memory', index: await wholeTextIndex(ctx, reader, column) };
}

/** The exact in-memory index of a text column of a table version (cached per version). */
function wholeTextIndex(ctx: ExecContext, reader: TableReader, column: string): Promise<TextIndex> {
  return ctx.services.textIndexes.get(reader, column, async () => {
    const rows = await reader.scan({ columns: ['id', column] });
    return TextIndex.build(
      rows.map((row) => ({ id: row.id as string, text: row[column] as string | null })),
    );
  });
}
