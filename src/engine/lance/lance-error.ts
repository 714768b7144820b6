import type { ErrorCode } from '../../util/error-catalog.js';
import { isOmniError, messageOf, OmniError } from '../../util/omni-error.js';

/** What a Lance call was doing, for the error message and details. */
export interface LanceContext {
  /** The operation, e.g. `open`, `append`, `create branch`. */
  readonly op: string;
  /** Absent for operations on the whole root (connect, list tables). */
  readonly table?: string;
  readonly branch?: string;
  readonly version?: number;
}

/*
 * Lance errors carry no stable codes, only text, so they are classified by message. The
 * patterns are the ones Lance 12 produces for each case (see the table tests).
 */
const CLASSIFIERS: readonly (readonly [RegExp, ErrorCode])[] = [
  [/was not found|not found:|does not exist/i, 'not_found'],
  [/already exists|ref conflict|commit conflict|conflicting/i, 'conflict'],
  [
    /timed? ?out|connection (reset|refused|closed)|temporar|slow ?down|503|dispatch failure/i,
    'transient',
  ],
  [/invalid (user )?input|schema error|cast error|not supported/i, 'bad_request'],
];

/**
 * Wraps a failure from `@lancedb/lancedb` in an {@link OmniError} with a catalog code and a
 * message naming the table, branch and version; the Lance text, stripped of Rust source
 * locations and of the dataset's physical path, follows. OmniErrors pass through.
 */
export function lanceError(error: unknown, context: LanceContext, root: string): OmniError {
  if (isOmniError(error)) return error;
  const raw = messageOf(error);
  const code = CLASSIFIERS.find(([pattern]) => pattern.test(raw))?.[1] ?? 'permanent';
  const where = [
    context.table === undefined ? 'the graph root' : `table '${context.table}'`,
    context.branch === undefined ? undefined : `branch '${context.branch}'`,
    context.version === undefined ? undefined : `version ${context.version}`,
  ].filter((part) => part !== undefined);
  // For a missing thing the context says all; Lance's text would only add internal paths.
  const reason = code === 'not_found' ? 'it does not exist' : clean(raw, root);
  return new OmniError(code, `lance ${context.op} failed on ${where.join(', ')}: ${reason}`, {
    details: { ...context },
    cause: error,
  });
}

/** Runs a Lance call and wraps its failure with {@link lanceError}. */
export async function withLanceError<T>(
  context: LanceContext,
  root: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw lanceError(error, context, root);
  }
}

/** The first clause of Lance's message without source locations or physical paths. */
function clean(message: string, root: string): string {
  const first = message.split(/\s+Caused by:/)[0] ?? message;
  const withoutLocations = first.replace(/,?\s*\/(?:usr|rustc|home)\/\S+?\.rs:\d+:\d+/g, '');
  const bareRoot = root.replace(/^[a-z0-9]+:\/\//i, '').replace(/^\/+/, '');
  const withoutRoot =
    bareRoot.length > 0 ? withoutLocations.replaceAll(bareRoot, '<root>') : withoutLocations;
  return withoutRoot.trim();
}
