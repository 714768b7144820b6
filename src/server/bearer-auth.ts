import { timingSafeEqual } from 'node:crypto';
import { OmniError } from '../util/omni-error.js';
import { tokenHash, type TokenEntry } from './bearer-tokens.js';

const PREFIX = 'Bearer ';

/**
 * The actor an `Authorization` header authenticates: `unauthorized` when it is missing, not
 * `Bearer <token>`, or names no configured token. The presented token is hashed and compared
 * with every entry in constant time, without stopping at a match, so timing tells nothing
 * about which entry (or how much of one) matched.
 */
export function authenticate(header: string | undefined, tokens: readonly TokenEntry[]): string {
  if (header === undefined || !header.startsWith(PREFIX))
    throw new OmniError('unauthorized', 'missing bearer token');
  const presented = tokenHash(header.slice(PREFIX.length));
  let actor: string | undefined;
  for (const entry of tokens) {
    if (timingSafeEqual(presented, entry.hash) && actor === undefined) actor = entry.actor;
  }
  if (actor === undefined) throw new OmniError('unauthorized', 'invalid bearer token');
  return actor;
}
