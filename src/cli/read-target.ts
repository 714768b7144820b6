import type { ReadTarget } from '../engine/graph-types.js';
import { OmniError } from '../util/omni-error.js';

/** `--branch` xor `--snapshot`, as a read target (default: main). */
export function readTargetOf(flags: {
  readonly branch?: string;
  readonly snapshot?: string;
}): ReadTarget {
  if (flags.branch !== undefined && flags.snapshot !== undefined) {
    throw new OmniError('usage', 'pass --branch or --snapshot, not both');
  }
  return flags.snapshot !== undefined
    ? { snapshot: flags.snapshot }
    : { branch: flags.branch ?? 'main' };
}
