import { OmniError } from '../util/omni-error.js';
import { wellFormedTextProblem } from '../util/well-formed-text.js';

/** The longest commit message, in characters (code points, as the error positions count). */
export const MAX_COMMIT_MESSAGE_CHARS = 4096;

/**
 * Why `text` cannot be recorded as a commit message — `not well-formed Unicode: lone surrogate
 * U+D800 at character 3`, `longer than 4096 characters (5000)` — or undefined when it can.
 *
 * @example commitMessageProblem('fix ages') // undefined
 */
export function commitMessageProblem(text: string): string | undefined {
  const problem = wellFormedTextProblem(text);
  if (problem !== undefined) return `not well-formed Unicode: ${problem}`;
  // Counted in code points only past the UTF-16 length that could exceed the limit.
  if (text.length <= MAX_COMMIT_MESSAGE_CHARS) return undefined;
  const characters = Array.from(text).length;
  if (characters <= MAX_COMMIT_MESSAGE_CHARS) return undefined;
  return `longer than ${MAX_COMMIT_MESSAGE_CHARS} characters (${characters})`;
}

/**
 * The message a write records: undefined for none (absent or empty), else `text` exactly as
 * given. A message that cannot be recorded is an error of `code` (`bad_request`, or `usage` for
 * a command-line flag) whose text starts with `subject`, the place in the caller's terms
 * (`message`, `--message`): `--message is longer than 4096 characters (5000)`.
 *
 * @example commitMessageOf('', 'message') // undefined
 */
export function commitMessageOf(
  text: string | undefined,
  subject: string,
  code: 'bad_request' | 'usage' = 'bad_request',
): string | undefined {
  if (text === undefined || text === '') return undefined;
  const problem = commitMessageProblem(text);
  if (problem === undefined) return text;
  throw new OmniError(code, `${subject} is ${problem}`);
}
