import { resourceLimitError } from '../../util/resource-limit-error.js';
import { createHash } from 'node:crypto';
import { OmniError } from '../../util/omni-error.js';

/** Longest page token accepted, in encoded bytes. */
export const MAX_PAGE_TOKEN_BYTES = 4_096;

/** Where the next page of one commit's changes starts, bound to the commit and filter. */
export interface ChangePagePosition {
  readonly commitId: string;
  readonly scope: string;
  /** Index of the first change of the next page in the filtered, ordered diff. */
  readonly offset: number;
}

interface TokenBody {
  readonly v: 1;
  readonly c: string;
  readonly s: string;
  readonly o: number;
}

/** A short digest of a text a token binds to (a filter scope, a branch name). */
export function scopeDigest(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 16);
}

/** The refusal of a cursor or page token: `bad_request`, `change cursor rejected: <reason>`. */
export function cursorRejected(reason: string): OmniError {
  return new OmniError('bad_request', `change cursor rejected: ${reason}`, {
    details: { change_cursor_rejected: reason },
  });
}

const rejected = cursorRejected;

/**
 * A token's body, encoded opaque (base64url JSON); longer than {@link MAX_PAGE_TOKEN_BYTES} is a
 * `resource_limit` (`change_continuation_token_encoded_bytes`).
 */
export function encodeTokenBody(body: object): string {
  const token = Buffer.from(JSON.stringify(body)).toString('base64url');
  if (token.length > MAX_PAGE_TOKEN_BYTES) {
    throw resourceLimitError(
      'change_continuation_token_encoded_bytes',
      token.length,
      MAX_PAGE_TOKEN_BYTES,
    );
  }
  return token;
}

/** The body of a token; refused as malformed (`what`: `page token`, `cursor`) unless it decodes. */
export function decodeTokenBody(token: string, what = 'page token'): Record<string, unknown> {
  if (token.length === 0 || token.length > MAX_PAGE_TOKEN_BYTES || !/^[A-Za-z0-9_-]+$/.test(token))
    throw rejected(`malformed ${what}`);
  try {
    const body: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Reported below like any other undecodable token.
  }
  throw rejected(`malformed ${what}`);
}

/** An opaque page token for a position. */
export function encodePageToken(position: ChangePagePosition): string {
  const body: TokenBody = {
    v: 1,
    c: position.commitId,
    s: scopeDigest(position.scope),
    o: position.offset,
  };
  return encodeTokenBody(body);
}

function parseBody(token: string): Partial<TokenBody> {
  return decodeTokenBody(token);
}

/**
 * The offset a page token resumes at. Refuses (`bad_request`, `change cursor rejected: …`) a
 * token that does not decode or was issued for another commit or another filter.
 */
export function decodePageToken(token: string, commitId: string, scope: string): number {
  const body = parseBody(token);
  if (body.v !== 1 || typeof body.o !== 'number' || !Number.isSafeInteger(body.o) || body.o < 1)
    throw rejected('malformed page token');
  if (body.c !== commitId) throw rejected('page token was issued for another commit');
  if (body.s !== scopeDigest(scope)) throw rejected('page token was issued for another filter');
  return body.o;
}
