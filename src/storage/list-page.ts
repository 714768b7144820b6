import { OmniError } from '../util/omni-error.js';
import { MAX_LIST_PAGE, type ListOptions, type ListPage, type ObjectMeta } from './object-store.js';

/** Resume point of a listing: the last key or common prefix already returned. */
function decodePageToken(token: string): string {
  try {
    const after: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof after === 'string') return after;
  } catch {
    // fall through to the typed error
  }
  throw new OmniError('bad_request', 'invalid list page token');
}

function encodePageToken(after: string): string {
  return Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');
}

/** Page size requested, checked against the common limit. */
export function pageSizeOf(options: ListOptions | undefined): number {
  const size = options?.maxKeys ?? MAX_LIST_PAGE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_LIST_PAGE) {
    throw new OmniError('bad_request', `maxKeys must be an integer from 1 to ${MAX_LIST_PAGE}`);
  }
  return size;
}

/** Byte order of keys as S3 lists them (UTF-16 code units; equal to UTF-8 order for ASCII keys). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `key` was covered by an earlier page that ended at `after`. */
function isAtOrBefore(key: string, after: string, delimiter: string | undefined): boolean {
  if (key <= after) return true;
  // `after` may be a common prefix; every key under it was summarized by it.
  return delimiter !== undefined && after.endsWith(delimiter) && key.startsWith(after);
}

/**
 * Builds one S3-style page from metadata sorted by key: objects and delimiter-grouped common
 * prefixes each count toward the page size, and the token resumes after the last item returned.
 */
export function paginate(
  sorted: readonly ObjectMeta[],
  prefix: string,
  options?: ListOptions,
): ListPage {
  const size = pageSizeOf(options);
  const after = options?.pageToken === undefined ? undefined : decodePageToken(options.pageToken);
  const delimiter = options?.delimiter;
  const objects: ObjectMeta[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  for (const meta of sorted) {
    if (!meta.key.startsWith(prefix)) continue;
    if (after !== undefined && isAtOrBefore(meta.key, after, delimiter)) continue;
    const rest = meta.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const item = cut === -1 ? meta.key : prefix + rest.slice(0, cut + (delimiter?.length ?? 0));
    if (item === last) continue;
    if (objects.length + commonPrefixes.length === size) {
      return { objects, commonPrefixes, nextPageToken: encodePageToken(last ?? '') };
    }
    if (cut === -1) objects.push(meta);
    else commonPrefixes.push(item);
    last = item;
  }
  return { objects, commonPrefixes, nextPageToken: undefined };
}
