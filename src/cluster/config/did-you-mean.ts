import { closestName } from '../../util/closest-name.js';

/**
 * `message`, followed by `; did you mean '<closest>'?` when one of `candidates` is close to
 * `name` (see `closestName`).
 *
 * @example withClosest("unknown field 'shema'", 'shema', ['schema']) // "unknown field 'shema'; did you mean 'schema'?"
 */
export function withClosest(message: string, name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? message : `${message}; did you mean '${closest}'?`;
}
