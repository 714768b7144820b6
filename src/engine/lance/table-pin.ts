import { OmniError } from '../../util/omni-error.js';
import { MAIN_BRANCH, validateBranchName } from './lance-names.js';

/**
 * An exact table state: a Lance branch and a version on it. Branch versions continue the
 * parent's numbering (a fork of main@4 starts at 4), so a version means nothing without its
 * branch; a graph manifest stores this pair for every table.
 */
export interface TablePin {
  /** The Lance branch, {@link MAIN_BRANCH} for the trunk. */
  readonly branch: string;
  readonly version: number;
}

/** Throws `bad_request` unless `branch` is `main` or a valid branch name. */
export function validateBranch(branch: string): void {
  if (branch !== MAIN_BRANCH) validateBranchName(branch);
}

/** Throws `bad_request` unless the pin names a valid branch and a positive integer version. */
export function validatePin(pin: TablePin): void {
  validateBranch(pin.branch);
  validateVersion(pin.version);
}

/** Throws `bad_request` unless `version` is a positive safe integer. */
export function validateVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new OmniError('bad_request', `invalid table version ${version}`, {
      details: { version },
    });
  }
}

/** The branch argument Lance expects: `undefined` addresses main. */
export function lanceBranch(branch: string): string | undefined {
  return branch === MAIN_BRANCH ? undefined : branch;
}
