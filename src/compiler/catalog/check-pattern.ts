import { messageOf } from '../../util/omni-error.js';

/** A `@check` pattern compiled, or why it does not compile. */
export type CompiledCheckPattern =
  { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly message: string };

/**
 * Compiles a `@check` pattern the one way both the catalog (to reject invalid patterns) and the
 * engine (to test values) use: a Unicode-aware JavaScript RegExp that matches anywhere in the
 * value unless the pattern anchors itself.
 *
 * @example compileCheckPattern('^[A-Z]{3}-[0-9]+$')
 */
export function compileCheckPattern(pattern: string): CompiledCheckPattern {
  try {
    return { ok: true, regex: new RegExp(pattern, 'u') };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}
