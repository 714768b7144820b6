import { FTS_TOKENIZER } from '../lance/index.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/** A token of a text, and its position among the text's words (removed words keep theirs). */
export interface Token {
  readonly term: string;
  readonly position: number;
}

const WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu;
const encoder = new TextEncoder();

/**
 * Tokenizes text exactly as the full-text indexes do ({@link FTS_TOKENIZER}): words are runs of
 * letters and digits (Unicode `Alphabetic` or numeric), a word of `maxTokenLength` UTF-8 bytes or
 * more is dropped (its position stays taken), the rest are lowercased character by character
 * (so a final Σ becomes σ, as in the index, not ς), and English stop words are dropped (their
 * positions stay taken too).
 *
 * @example tokenize('Hello, World!') // [{ term: 'hello', position: 0 }, { term: 'world', position: 1 }]
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const current = position;
    position += 1;
    if (byteLength(word) >= FTS_TOKENIZER.maxTokenLength) continue;
    const term = lowercase(word);
    if (ENGLISH_STOP_WORDS.has(term)) continue;
    tokens.push({ term, position: current });
  }
  return tokens;
}

function byteLength(word: string): number {
  // Most words are short ASCII: the UTF-16 length is exact then, and a bound otherwise.
  return word.length * 3 < FTS_TOKENIZER.maxTokenLength ? word.length : encoder.encode(word).length;
}

function lowercase(word: string): string {
  if (isAscii(word)) return word.toLowerCase();
  let lower = '';
  for (const char of word) lower += char.toLowerCase();
  return lower;
}

function isAscii(word: string): boolean {
  for (let index = 0; index < word.length; index += 1) {
    if (word.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}
