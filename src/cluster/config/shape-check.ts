import { z } from 'zod';
import { errorAt, type Diagnostic, type DiagnosticCode } from '../diagnostic.js';
import type { ConfigYaml, YamlPath } from './config-yaml.js';
import { withClosest } from './did-you-mean.js';

/** Where shapes are checked: the document (for positions) and the diagnostics found so far. */
export interface CheckContext {
  readonly yaml: ConfigYaml;
  readonly diagnostics: Diagnostic[];
}

/** A key a shape rejects with its own code and message instead of "unknown field". */
export interface SpecialKey {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** How {@link checkShape} reports. */
export interface ShapeOptions {
  /** The code of every problem the shape finds (unless a special key's). */
  readonly code: DiagnosticCode;
  /** Keys of the checked map itself that get their own diagnostic. */
  readonly specialKeys?: ReadonlyMap<string, SpecialKey>;
}

/**
 * Checks the value at `path` against a zod shape. Each problem becomes one diagnostic at its
 * own position: an unknown field at its key (with the closest known field), anything else at
 * the value. Returns the parsed value, or undefined when there was a problem.
 */
export function checkShape<T extends z.ZodType>(
  context: CheckContext,
  shape: T,
  path: YamlPath,
  options: ShapeOptions,
): z.infer<T> | undefined {
  const value = valueAt(context.yaml.value, path);
  const parsed = shape.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const at = [...path, ...(issue.path as YamlPath)];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(shape, issue.path as YamlPath);
      for (const key of issue.keys) {
        context.diagnostics.push(unknownKey(context, [...at, key], known, options, issue.path));
      }
    } else {
      context.diagnostics.push(
        errorAt(options.code, context.yaml.at(at), `${pathText(at)}: ${problemOf(issue)}`),
      );
    }
  }
  return undefined;
}

function unknownKey(
  context: CheckContext,
  at: YamlPath,
  known: readonly string[],
  options: ShapeOptions,
  relative: readonly PropertyKey[],
): Diagnostic {
  const key = String(at[at.length - 1]);
  const special = relative.length === 0 ? options.specialKeys?.get(key) : undefined;
  const where = context.yaml.keyAt(at);
  if (special !== undefined) return errorAt(special.code, where, special.message);
  const parent = at.slice(0, -1);
  const place = parent.length === 0 ? 'at the top level' : `in ${pathText(parent)}`;
  const message = withClosest(`unknown field '${key}' ${place}`, key, known);
  return errorAt(options.code, where, message);
}

/** The value at `path` of plain data; undefined when any step is missing. */
export function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** The fields of the object shape `path` reaches inside `shape`, for "did you mean". */
function knownKeys(shape: z.ZodType, path: YamlPath): string[] {
  let current: z.ZodType | undefined = shape;
  for (const step of path) {
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, z.ZodType>)[step];
    else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.ZodType;
    else return [];
  }
  const inner = unwrap(current);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(shape: z.ZodType | undefined): z.ZodType | undefined {
  let current = shape;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** A path as written in messages: `graphs.knowledge.external_blobs.allow[0].base`. */
export function pathText(path: YamlPath): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += text === '' ? step : `.${step}`;
  }
  return text === '' ? '(top level)' : text;
}

/** What a zod issue says is wrong, in the words of a YAML file. */
function problemOf(issue: z.core.$ZodIssue): string {
  // With `reportInput`, an issue about a missing field carries `input: undefined`.
  if ('input' in issue && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type') {
    return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describe(issue.input)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array') return 'must not be empty';
  return issue.message;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

function describe(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'number' ? `the number ${value}` : `a ${typeof value}`;
}
