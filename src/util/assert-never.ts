import { OmniError } from './omni-error.js';

/** Exhaustiveness guard: a `switch` over a union ends here, so a new kind fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new OmniError('internal', `unhandled ${what}: ${JSON.stringify(value)}`);
}
