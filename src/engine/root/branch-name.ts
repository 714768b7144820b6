import { OmniError } from '../../util/omni-error.js';

/** The branch every graph has. */
export const MAIN_BRANCH = 'main';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_BRANCH_NAME = 200;

/**
 * Trims and validates a branch name: non-empty, at most 200 characters, `/`-separated
 * segments of letters, digits, `.`, `_` and `-` (a segment may not start with `.`).
 */
export function normalizeBranchName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) throw new OmniError('bad_request', 'branch name cannot be empty');
  if (name.length > MAX_BRANCH_NAME) {
    throw new OmniError('bad_request', `branch name is longer than ${MAX_BRANCH_NAME} characters`);
  }
  if (!name.split('/').every((segment) => SEGMENT.test(segment))) {
    throw new OmniError(
      'bad_request',
      `invalid branch name '${name}': use '/'-separated segments of letters, digits, '.', '_' and '-' (not starting with '.')`,
      { details: { branch: name } },
    );
  }
  return name;
}

/** True when one name is a path prefix of the other (`review` and `review/x`). */
export function branchNamesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
