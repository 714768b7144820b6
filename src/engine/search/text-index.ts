import type { TextTerm } from '../lance/index.js';
import { withinEdits } from '../../util/edit-distance.js';
import { tokenize, type Token } from './text-tokenizer.js';

/** BM25 term-frequency saturation, as Lance's inverted index. */
const K1 = 1.2;
/** BM25 length normalization, as Lance's inverted index. */
const B = 0.75;

/** One document to index: an entity id and its text (NULL indexes nothing). */
export interface TextDocument {
  readonly id: string;
  readonly text: string | null;
}

/** The documents holding one term: parallel arrays by document, positions flattened. */
interface Posting {
  readonly docs: Int32Array;
  readonly frequencies: Int32Array;
  /** Positions of document `i` are `positions[offsets[i] .. offsets[i + 1]]`, ascending. */
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
}

/**
 * An exact in-memory inverted index of one text column at one table version: the same tokens,
 * statistics and BM25 scores as Lance's full-text index with {@link FTS_TOKENIZER} (documents
 * without tokens do not count), so searches give the same answers with or without an index.
 * Immutable once built; cached by table version.
 */
export class TextIndex {
  readonly #ids: readonly string[];
  readonly #lengths: Int32Array;
  readonly #postings: ReadonlyMap<string, Posting>;
  readonly #documents: number;
  readonly #averageLength: number;

  private constructor(
    ids: readonly string[],
    lengths: Int32Array,
    postings: ReadonlyMap<string, Posting>,
  ) {
    this.#ids = ids;
    this.#lengths = lengths;
    this.#postings = postings;
    let documents = 0;
    let tokens = 0;
    for (const length of lengths) {
      if (length > 0) documents += 1;
      tokens += length;
    }
    this.#documents = documents;
    this.#averageLength = documents === 0 ? 0 : tokens / documents;
  }

  /** Indexes documents. */
  static build(documents: readonly TextDocument[]): TextIndex {
    const ids = documents.map((doc) => doc.id);
    const lengths = new Int32Array(documents.length);
    const building = new Map<
      string,
      { docs: number[]; frequencies: number[]; positions: number[][] }
    >();
    documents.forEach((doc, index) => {
      const tokens = doc.text === null ? [] : tokenize(doc.text);
      lengths[index] = tokens.length;
      const byTerm = new Map<string, number[]>();
      for (const token of tokens) {
        const list = byTerm.get(token.term);
        if (list === undefined) byTerm.set(token.term, [token.position]);
        else list.push(token.position);
      }
      for (const [term, positions] of byTerm) {
        let posting = building.get(term);
        if (posting === undefined) {
          posting = { docs: [], frequencies: [], positions: [] };
          building.set(term, posting);
        }
        posting.docs.push(index);
        posting.frequencies.push(positions.length);
        posting.positions.push(positions);
      }
    });
    const postings = new Map<string, Posting>();
    for (const [term, posting] of building) postings.set(term, compact(posting));
    return new TextIndex(ids, lengths, postings);
  }

  /** Documents with at least one token (BM25's N). */
  get documentCount(): number {
    return this.#documents;
  }

  /**
   * BM25 scores of the documents matching any term (a fuzzy term matches every indexed term
   * within its edits, each scored as itself); scores of several terms add up.
   */
  scoreTerms(terms: readonly TextTerm[]): Map<string, number> {
    const scores = new Map<number, number>();
    for (const term of terms) {
      for (const expanded of this.#expand(term)) {
        const posting = this.#postings.get(expanded);
        if (posting === undefined) continue;
        const idf = Math.log(
          1 + (this.#documents - posting.docs.length + 0.5) / (posting.docs.length + 0.5),
        );
        for (let entry = 0; entry < posting.docs.length; entry += 1) {
          const doc = posting.docs[entry] ?? 0;
          const tf = posting.frequencies[entry] ?? 0;
          const norm = 1 - B + (B * (this.#lengths[doc] ?? 0)) / this.#averageLength;
          const score = (idf * tf * (K1 + 1)) / (tf + K1 * norm);
          scores.set(doc, (scores.get(doc) ?? 0) + score);
        }
      }
    }
    return new Map([...scores].map(([doc, score]) => [this.#ids[doc] ?? '', score]));
  }

  /** Ids of the documents holding the tokens in order at the same relative positions. */
  matchPhrase(tokens: readonly Token[]): Set<string> {
    const [first, ...rest] = tokens;
    const found = new Set<string>();
    if (first === undefined) return found;
    const head = this.#postings.get(first.term);
    if (head === undefined) return found;
    const others = rest.map((token) => ({ token, posting: this.#postings.get(token.term) }));
    if (others.some(({ posting }) => posting === undefined)) return found;
    for (let entry = 0; entry < head.docs.length; entry += 1) {
      const doc = head.docs[entry] ?? 0;
      const starts = positionsOf(head, entry);
      const matched = starts.some((start) =>
        others.every(({ token, posting }) =>
          posting === undefined
            ? false
            : hasPosition(posting, doc, start + token.position - first.position),
        ),
      );
      if (matched) found.add(this.#ids[doc] ?? '');
    }
    return found;
  }

  /** The indexed terms a query term matches: itself, or every term within its edits. */
  #expand(term: TextTerm): string[] {
    if (term.fuzziness <= 0) return [term.text];
    return [...this.#postings.keys()].filter((candidate) =>
      withinEdits(term.text, candidate, term.fuzziness),
    );
  }
}

function compact(posting: {
  docs: number[];
  frequencies: number[];
  positions: number[][];
}): Posting {
  const offsets = new Int32Array(posting.docs.length + 1);
  posting.positions.forEach((list, index) => {
    offsets[index + 1] = (offsets[index] ?? 0) + list.length;
  });
  return {
    docs: Int32Array.from(posting.docs),
    frequencies: Int32Array.from(posting.frequencies),
    offsets,
    positions: Int32Array.from(posting.positions.flat()),
  };
}

function positionsOf(posting: Posting, entry: number): number[] {
  return Array.from(
    posting.positions.subarray(posting.offsets[entry] ?? 0, posting.offsets[entry + 1] ?? 0),
  );
}

function hasPosition(posting: Posting, doc: number, position: number): boolean {
  const entry = binarySearch(posting.docs, doc);
  if (entry < 0) return false;
  return positionsOf(posting, entry).includes(position);
}

function binarySearch(values: Int32Array, target: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = values[mid] ?? 0;
    if (value === target) return mid;
    if (value < target) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
