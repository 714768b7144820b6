import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { OmniError } from '../util/omni-error.js';

/**
 * Parses one YAML document into plain data. A syntax error, a duplicate key or a second
 * document is a `bad_request` prefixed with `what` and naming the line and column.
 */
export function parseYaml(text: string, what: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  const error = doc.errors[0];
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const problem = `line ${line}, column ${col}: ${error.message}`;
    throw new OmniError('bad_request', `${what}: ${problem}`, { details: { problems: [problem] } });
  }
  return doc.toJS() as unknown;
}

/** A path inside a YAML document as written in errors: `rules[2].allow.actions[0]`. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** What a zod issue says is wrong, in the words of a configuration file. */
export function issueProblem(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  // With `reportInput`, an issue about a missing field carries `input: undefined`.
  if ('input' in issue && issue.input === undefined) return 'is required';
  const got = 'input' in issue ? ` (got ${JSON.stringify(issue.input)})` : '';
  if (issue.code === 'invalid_type') return `must be ${issue.expected}${got}`;
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => String(v));
    return values.length === 1
      ? `must be ${values.join('')}${got}`
      : `must be one of ${values.join(', ')}${got}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array') return 'must not be empty';
  return issue.message;
}
