import { assertNever } from '../../util/assert-never.js';
import { closestName } from '../../util/closest-name.js';
import { OmniError } from '../../util/omni-error.js';
import { suggestionDetails, withSuggestion } from './did-you-mean.js';
import { locationDetails, type SourceLocation } from './source-location.js';
import { decodeStringLiteral } from './string-literal.js';

/** The `parse` function of a peggy-generated parser. */
export type PeggyParse = (input: string, options?: Record<string, unknown>) => unknown;

/** How to run a generated parser. */
export interface RunParserOptions {
  /** File name shown in error messages (`schema.pg`, `<inline>`, …). */
  readonly file: string;
  /** Grammar rule to start from; the grammar's first rule when absent. */
  readonly startRule?: string;
}

/**
 * Runs a peggy parser and turns its syntax errors into `parse_error` {@link OmniError}s that name
 * the file, line, column and what was expected. Grammars run through here receive
 * `options.decodeString` ({@link decodeStringLiteral}) so both languages share one escape rule,
 * and `options.unknownName(location, what, name, candidates)`, which throws the parse error for
 * a word that names nothing the grammar knows (`unknown type 'Strng'; did you mean 'String'?`).
 *
 * @example runParser(parse, 'node X {}', { file: 'schema.pg' })
 */
export function runParser(parse: PeggyParse, source: string, options: RunParserOptions): unknown {
  try {
    return parse(source, {
      grammarSource: options.file,
      decodeString: decodeStringLiteral,
      unknownName: (
        location: SourceLocation,
        what: string,
        name: string,
        candidates: readonly string[],
      ): never => {
        throw unknownNameError(options.file, location, { what, name, candidates });
      },
      ...(options.startRule === undefined ? {} : { startRule: options.startRule }),
    });
  } catch (error) {
    if (isPeggySyntaxError(error)) throw fromPeggyError(error, options.file);
    throw error;
  }
}

/**
 * A `parse_error` at a position: `parse error: <file>:<line>:<col>: <message>[; did you mean
 * 'x'?]`, with `{file, line, column, suggestion}` in details.
 */
export function parseErrorAt(
  file: string,
  location: SourceLocation,
  message: string,
  suggestion?: string,
): OmniError {
  return new OmniError(
    'parse_error',
    `parse error: ${file}:${location.line}:${location.column}: ${withSuggestion(message, suggestion)}`,
    { details: { ...locationDetails(file, location), ...suggestionDetails(suggestion) } },
  );
}

/** A word the grammar does not know, where one of `candidates` belongs. */
interface UnknownName {
  /** What the word should name, for the message: `type`. */
  readonly what: string;
  readonly name: string;
  readonly candidates: readonly string[];
}

function unknownNameError(file: string, location: SourceLocation, unknown: UnknownName): OmniError {
  const suggestion = closestName(unknown.name, unknown.candidates);
  return parseErrorAt(file, location, `unknown ${unknown.what} '${unknown.name}'`, suggestion);
}

/** What peggy's `SyntaxError` carries (each generated parser has its own class). */
interface PeggySyntaxError {
  readonly message: string;
  readonly expected: readonly PeggyExpectation[] | null;
  readonly found: string | null | undefined;
  readonly location: { readonly start: SourceLocation };
}

type PeggyExpectation =
  | { readonly type: 'literal'; readonly text: string }
  | {
      readonly type: 'class';
      readonly parts: readonly (string | readonly string[])[];
      readonly inverted: boolean;
    }
  | { readonly type: 'any' }
  | { readonly type: 'end' }
  | { readonly type: 'other'; readonly description: string };

function isPeggySyntaxError(error: unknown): error is PeggySyntaxError {
  return (
    error instanceof Error &&
    error.name === 'SyntaxError' &&
    'location' in error &&
    'expected' in error
  );
}

function fromPeggyError(error: PeggySyntaxError, file: string): OmniError {
  // `expected` is null for errors a grammar action raises with `error(message)`.
  const message =
    error.expected === null
      ? error.message
      : `expected ${describeExpected(error.expected)}, found ${describeFound(error.found)}`;
  return parseErrorAt(file, error.location.start, message);
}

/**
 * Grammar rules named "whitespace" describe where a comment or blank may go; they are left out
 * of the list because they are never the thing the user is missing.
 */
const SILENT_DESCRIPTIONS: ReadonlySet<string> = new Set(['whitespace']);

function describeExpected(expected: readonly PeggyExpectation[]): string {
  const described = [...new Set(expected.map(describeExpectation))].filter(
    (text) => !SILENT_DESCRIPTIONS.has(text),
  );
  const items = described.length === 0 ? ['whitespace'] : described.sort();
  const last = items.pop() ?? '';
  return items.length === 0 ? last : `${items.join(', ')} or ${last}`;
}

function describeExpectation(expectation: PeggyExpectation): string {
  switch (expectation.type) {
    case 'literal':
      return JSON.stringify(expectation.text);
    case 'class':
      return describeClass(expectation.parts, expectation.inverted);
    case 'any':
      return 'any character';
    case 'end':
      return 'end of input';
    case 'other':
      return expectation.description;
    default:
      return assertNever(expectation, 'peggy expectation');
  }
}

function describeClass(parts: readonly (string | readonly string[])[], inverted: boolean): string {
  const body = parts
    .map((part) => (typeof part === 'string' ? part : `${part[0] ?? ''}-${part[1] ?? ''}`))
    .join('');
  return `[${inverted ? '^' : ''}${body}]`;
}

function describeFound(found: string | null | undefined): string {
  return found === null || found === undefined ? 'end of input' : JSON.stringify(found);
}
