import {
  BooleanQuery,
  MatchQuery,
  Occur,
  PhraseQuery,
  type FullTextQuery,
  type Table as LanceTable,
} from '@lancedb/lancedb';
import { OmniError } from '../../util/omni-error.js';
import { filterSql, type Filter } from './filter.js';
import { decodeRows } from './row-decoder.js';
import type { Row } from './row.js';

/** The column Lance adds to vector search results: the distance to the query. */
export const DISTANCE_COLUMN = '_distance';
/** The column Lance adds to full-text search results: the BM25 score. */
export const SCORE_COLUMN = '_score';

/**
 * The tokenizer of every full-text index this layer builds: split on anything that is not a
 * letter or digit, drop tokens of 40 UTF-8 bytes or more, lowercase character by character, drop
 * English stop words; no stemming or ASCII folding. Fixed, so that an exact in-memory scorer can
 * tokenize exactly as the index does (`search/text-tokenizer.ts`), and results do not depend on
 * whether an index exists.
 */
export const FTS_TOKENIZER = {
  baseTokenizer: 'simple',
  lowercase: true,
  maxTokenLength: 40,
  stem: false,
  removeStopWords: true,
  asciiFolding: false,
} as const;

/**
 * Expanded terms a fuzzy term may match. Lance's default (50) silently drops matches; a text
 * predicate must be exact, so the bound is only a guard.
 */
const MAX_FUZZY_EXPANSIONS = 10_000;

/** A cosine (or other) nearest-neighbour search over a vector column. */
export interface VectorSearchRequest {
  readonly column: string;
  readonly vector: readonly number[];
  readonly limit: number;
  /** Rows to search among (a prefilter: the limit counts matching rows only). */
  readonly filter?: Filter;
  /** Columns to return; {@link DISTANCE_COLUMN} is always added. */
  readonly columns: readonly string[];
  readonly distance: 'cosine' | 'l2' | 'dot';
  /** Scan every row exactly instead of using a vector index. */
  readonly exact?: boolean;
  /** IVF partitions to probe when an index is used. */
  readonly nprobes?: number;
  /** Re-rank `limit × refineFactor` candidates with exact distances. */
  readonly refineFactor?: number;
}

/** One term of a full-text match, with the edits it tolerates (0: exact). */
export interface TextTerm {
  readonly text: string;
  readonly fuzziness: number;
}

/** A full-text query: any of the terms (scores add up), or the terms as a phrase. */
export type TextQuery =
  | { readonly kind: 'terms'; readonly terms: readonly TextTerm[] }
  | { readonly kind: 'phrase'; readonly terms: readonly string[] };

/** A full-text search of one column through its inverted index. */
export interface TextSearchRequest {
  readonly column: string;
  readonly query: TextQuery;
  readonly limit: number;
  readonly filter?: Filter;
  /** Columns to return; {@link SCORE_COLUMN} is always added. */
  readonly columns: readonly string[];
}

/** Rows nearest to the query vector, nearest first, with {@link DISTANCE_COLUMN}. */
export async function vectorSearch(
  table: LanceTable,
  request: VectorSearchRequest,
): Promise<Row[]> {
  checkLimit(request.limit);
  let query = table
    .query()
    .nearestTo([...request.vector])
    .column(request.column)
    .distanceType(request.distance)
    .select([...request.columns, DISTANCE_COLUMN])
    .limit(request.limit);
  if (request.filter !== undefined) query = query.where(filterSql(request.filter));
  if (request.exact === true) query = query.bypassVectorIndex();
  if (request.nprobes !== undefined) query = query.nprobes(request.nprobes);
  if (request.refineFactor !== undefined) query = query.refineFactor(request.refineFactor);
  return decodeRows(await query.toArrow());
}

/** Rows matching a full-text query, best first, with {@link SCORE_COLUMN} (BM25). */
export async function textSearch(table: LanceTable, request: TextSearchRequest): Promise<Row[]> {
  checkLimit(request.limit);
  let query = table
    .query()
    .fullTextSearch(fullTextQuery(request.column, request.query))
    .select([...request.columns, SCORE_COLUMN])
    .limit(request.limit);
  if (request.filter !== undefined) query = query.where(filterSql(request.filter));
  return decodeRows(await query.toArrow());
}

function fullTextQuery(column: string, query: TextQuery): FullTextQuery {
  if (query.kind === 'phrase') return new PhraseQuery(query.terms.join(' '), column);
  const clauses = query.terms.map((term): [Occur, FullTextQuery] => [
    Occur.Should,
    new MatchQuery(term.text, column, {
      fuzziness: term.fuzziness,
      maxExpansions: MAX_FUZZY_EXPANSIONS,
    }),
  ]);
  const [only] = clauses;
  return clauses.length === 1 && only !== undefined ? only[1] : new BooleanQuery(clauses);
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new OmniError('bad_request', `a search limit must be a positive integer, not ${limit}`);
  }
}
