import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import { errorAt, type Diagnostic } from '../diagnostic.js';

/** A path into the YAML document: map keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** The nodes a path reaches: the value, and the key naming it when its parent is a map. */
interface Reached {
  readonly key?: Node | undefined;
  readonly value?: Node | undefined;
}

/**
 * A parsed `cluster.yaml` that still knows where everything was written, so every diagnostic
 * can name `cluster.yaml:<line>:<column>`.
 */
export class ConfigYaml {
  readonly #document: Document;
  readonly #lines: LineCounter;
  /** The file name positions are given in. */
  readonly file: string;
  /** The document as plain data. */
  readonly value: unknown;

  constructor(document: Document, lines: LineCounter, file: string, value: unknown) {
    this.#document = document;
    this.#lines = lines;
    this.file = file;
    this.value = value;
  }

  /** Where the value at `path` is written; the nearest written ancestor when it is absent. */
  at(path: YamlPath): string {
    return this.#position(this.#reach(path, (reached) => reached.value ?? reached.key));
  }

  /** Where the key of the last step of `path` is written (its value's position for lists). */
  keyAt(path: YamlPath): string {
    return this.#position(this.#reach(path, (reached) => reached.key ?? reached.value));
  }

  /** The node `pick` chooses at the deepest step of `path` that exists. */
  #reach(path: YamlPath, pick: (reached: Reached) => Node | undefined): Node | undefined {
    let found = this.#resolve(this.#document.contents ?? undefined);
    let chosen = found;
    for (const step of path) {
      const reached = stepInto(found, step);
      const node = pick(reached);
      if (node === undefined) break;
      chosen = node;
      found = this.#resolve(reached.value);
      if (found === undefined) break;
    }
    return chosen;
  }

  #resolve(node: Node | undefined): Node | undefined {
    return node !== undefined && isAlias(node) ? (node.resolve(this.#document) ?? node) : node;
  }

  #position(node: Node | undefined): string {
    const { line, col } = this.#lines.linePos(node?.range?.[0] ?? 0);
    return `${this.file}:${line}:${col}`;
  }
}

function stepInto(node: Node | undefined, step: string | number): Reached {
  if (isMap(node)) {
    const pair = node.items.find((item) => keyText(item.key) === String(step));
    return pair === undefined ? {} : { key: pair.key as Node, value: asNode(pair.value) };
  }
  if (isSeq(node) && typeof step === 'number') return { value: asNode(node.items[step]) };
  return {};
}

function asNode(value: unknown): Node | undefined {
  return value === null ? undefined : (value as Node | undefined);
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The document, or the diagnostics that stop it being read. */
export type ConfigYamlParse =
  | { readonly ok: true; readonly yaml: ConfigYaml }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Parses `cluster.yaml` text. The first syntax error is `invalid_cluster_yaml`; every key
 * repeated in one map is `duplicate_yaml_key`; each at its position. Either stops validation
 * there: the structure after a syntax error, or which of two duplicate values was meant, cannot
 * be known.
 */
export function parseConfigYaml(text: string, file: string): ConfigYamlParse {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter: lines,
  });
  const where = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  // Only the first syntax error: the parser's recovery makes every later one an echo of it.
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const message = `invalid YAML: ${syntax.message}`;
    return {
      ok: false,
      diagnostics: [errorAt('invalid_cluster_yaml', where(syntax.pos[0]), message)],
    };
  }
  const duplicates = duplicateKeys(document, where);
  if (duplicates.length > 0) return { ok: false, diagnostics: duplicates };
  try {
    const value: unknown = document.toJS();
    return { ok: true, yaml: new ConfigYaml(document, lines, file, value) };
  } catch (error) {
    // toJS refuses, e.g., a document that expands aliases past its limit.
    const message = `invalid YAML: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, diagnostics: [errorAt('invalid_cluster_yaml', where(0), message)] };
  }
}

/** A `duplicate_yaml_key` for every key written twice in one map, anywhere in the document. */
function duplicateKeys(document: Document, where: (offset: number) => string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (node: unknown): void => {
    if (isSeq(node)) node.items.forEach(visit);
    if (!isMap(node)) return;
    const first = new Map<string, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
      const earlier = key === undefined ? undefined : first.get(key);
      if (key !== undefined && earlier === undefined) first.set(key, offset);
      if (key !== undefined && earlier !== undefined) {
        const message = `duplicate key '${key}' (first written at ${where(earlier)})`;
        found.push(errorAt('duplicate_yaml_key', where(offset), message));
      }
      visit(pair.value);
    }
  };
  visit(document.contents);
  return found;
}
