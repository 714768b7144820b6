import { OmniError } from '../../util/omni-error.js';

/** The name this layer gives Lance's main branch, which Lance itself addresses as "no branch". */
export const MAIN_BRANCH = 'main';

const TABLE_NAME = /^[A-Za-z0-9_.-]{1,200}$/;
const BRANCH_SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_BRANCH_LENGTH = 200;
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Columns Lance adds to query results or reserves for row metadata. A user column with one of
 * these names would shadow the system column in filters and projections.
 */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  '_rowid',
  '_rowaddr',
  '_row_created_at_version',
  '_row_last_updated_at_version',
  '_distance',
  '_score',
  '_relevance_score',
]);

/** Throws `bad_request` unless `name` is a table name Lance accepts (`[A-Za-z0-9_.-]`). */
export function validateTableName(name: string): void {
  // "." and ".." pass the character class but would address the root or its parent.
  if (!TABLE_NAME.test(name) || /^\.+$/.test(name)) {
    throw new OmniError(
      'bad_request',
      `invalid table name '${name}': use 1-200 letters, digits, '_', '.' or '-'`,
      { details: { table: name } },
    );
  }
}

/**
 * Throws `bad_request` unless `name` is a branch name Lance can create: `/`-separated
 * segments of `[A-Za-z0-9._-]`, not `main` (Lance fails on it with an internal error).
 */
export function validateBranchName(name: string): void {
  const segments = name.split('/');
  const valid =
    name.length <= MAX_BRANCH_LENGTH &&
    segments.every((segment) => BRANCH_SEGMENT.test(segment) && !/^\.+$/.test(segment));
  if (!valid) {
    throw new OmniError(
      'bad_request',
      `invalid branch name '${name}': use '/'-separated segments of letters, digits, '.', '_' or '-'`,
      { details: { branch: name } },
    );
  }
  if (name === MAIN_BRANCH) {
    throw new OmniError('bad_request', `'${MAIN_BRANCH}' is the trunk, not a branch to create`, {
      details: { branch: name },
    });
  }
}

/** Throws `bad_request` unless `name` is a plain identifier that is not a Lance system column. */
export function validateColumnName(name: string): void {
  if (!COLUMN_NAME.test(name)) {
    throw new OmniError(
      'bad_request',
      `invalid column name '${name}': use a letter or '_' then letters, digits or '_'`,
      { details: { column: name } },
    );
  }
  if (SYSTEM_COLUMNS.has(name)) {
    throw new OmniError('bad_request', `column name '${name}' is reserved by Lance`, {
      details: { column: name },
    });
  }
}
