import { createHash } from 'node:crypto';
import { OmniError } from '../util/omni-error.js';

/** A configured bearer token: the actor it names and the SHA-256 of the token (never the token). */
export interface TokenEntry {
  readonly actor: string;
  readonly hash: Buffer;
}

/** SHA-256 of a token's UTF-8 bytes. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Reads a `{actor: token}` JSON object from `source` (named in errors). Values must be strings.
 */
export function parseTokenMap(text: string, source: string): [string, string][] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw configError(`${source} is not valid JSON: ${(error as Error).message}`, source);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw configError(`${source} must be a JSON object of actor to token`, source);
  return Object.entries(value).map(([actor, token]) => {
    if (typeof token !== 'string')
      throw configError(`${source}: the token of actor '${actor}' must be a string`, source);
    return [actor, token];
  });
}

/**
 * Validates `(actor, token)` pairs and hashes the tokens: both trimmed; a blank actor or token,
 * a duplicate actor and a duplicate token are refused. Sorted by actor.
 */
export function tokenEntries(
  pairs: readonly (readonly [string, string])[],
  source: string,
): TokenEntry[] {
  const actors = new Set<string>();
  const hashes = new Set<string>();
  const entries: TokenEntry[] = [];
  for (const [rawActor, rawToken] of pairs) {
    const actor = rawActor.trim();
    const token = rawToken.trim();
    if (actor === '') throw configError(`${source}: an actor id is blank`, source);
    if (token === '')
      throw configError(`${source}: the token of actor '${actor}' is blank`, source);
    if (actors.has(actor)) throw configError(`${source}: actor '${actor}' is listed twice`, source);
    const hash = tokenHash(token);
    const key = hash.toString('hex');
    if (hashes.has(key))
      throw configError(`${source}: actor '${actor}' has the token of another actor`, source);
    actors.add(actor);
    hashes.add(key);
    entries.push({ actor, hash });
  }
  return entries.sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0));
}

function configError(message: string, source: string): OmniError {
  return new OmniError('configuration', message, { details: { setting: source } });
}
