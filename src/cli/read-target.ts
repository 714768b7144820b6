import { OmniError } from '../util/omni-error.js';

/** `--branch` xor `--snapshot`, as the `branch`/`snapshot` fields of a request. */
export function readTargetOf(flags: { readonly branch?: string; readonly snapshot?: string }): {
  readonly branch?: string;
  readonly snapshot?: string;
} {
  if (flags.branch !== undefined && flags.snapshot !== undefined) {
    throw new OmniError('usage', 'pass --branch or --snapshot, not both');
  }
  return flags.snapshot !== undefined
    ? { snapshot: flags.snapshot }
    : { branch: flags.branch ?? 'main' };
}
