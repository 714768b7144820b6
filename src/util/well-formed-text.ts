import { OmniError, type ErrorDetails } from './omni-error.js';

// In a `u` regex a surrogate pair is one astral code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Why `text` is not well-formed Unicode — `lone surrogate U+D800 at character 3` (1-based, in
 * code points) — or undefined when it is. A lone surrogate cannot be encoded as UTF-8, so text
 * holding one could not be stored or exported as given.
 *
 * @example wellFormedTextProblem('ok') // undefined
 * @example wellFormedTextProblem('a\ud800') // 'lone surrogate U+D800 at character 2'
 */
export function wellFormedTextProblem(text: string): string | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (match === null) return undefined;
  const unit = text.charCodeAt(match.index).toString(16).toUpperCase();
  const character = Array.from(text.slice(0, match.index)).length + 1;
  return `lone surrogate U+${unit} at character ${character}`;
}

/**
 * The one rule for text that enters OmniGraph: it must be well-formed Unicode, stored and
 * compared exactly as given (never replaced or normalized). Throws a `bad_request` whose message
 * starts with `subject`, which names the place in the user's terms (`param 'name'`,
 * `field 'data.name'`): `param 'name' is not well-formed Unicode: lone surrogate U+D800 at
 * character 1`.
 */
export function checkWellFormedText(text: string, subject: string, details?: ErrorDetails): void {
  const problem = wellFormedTextProblem(text);
  if (problem === undefined) return;
  const options = details === undefined ? undefined : { details };
  throw new OmniError('bad_request', `${subject} is not well-formed Unicode: ${problem}`, options);
}
