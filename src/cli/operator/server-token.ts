import { readCredentials } from './credentials-file.js';
import type { OperatorEnv } from './operator-paths.js';
import { nonEmpty } from './operator-scope.js';

/** The variable holding the token of a server with no keyed credential. */
export const BEARER_TOKEN_ENV = 'OMNIGRAPH_BEARER_TOKEN';

/**
 * The environment variable holding the token keyed to server `name`: upper case, `-` as `_`.
 *
 * @example tokenEnvName('intel-dev') // 'OMNIGRAPH_TOKEN_INTEL_DEV'
 */
export function tokenEnvName(name: string): string {
  return `OMNIGRAPH_TOKEN_${name.toUpperCase().replaceAll('-', '_')}`;
}

/**
 * The bearer token for a request to the configured server `name` (undefined when the URL
 * matched none): `OMNIGRAPH_TOKEN_<NAME>`, then the `[name]` section of the credentials file,
 * then `OMNIGRAPH_BEARER_TOKEN`. A server that matched no name gets only the last, so a keyed
 * token never leaves for another server. The credentials file is read only when needed.
 */
export async function resolveToken(
  name: string | undefined,
  env: OperatorEnv,
  credentialsFile: string,
): Promise<string | undefined> {
  if (name !== undefined) {
    const keyed = nonEmpty(env[tokenEnvName(name)]);
    if (keyed !== undefined) return keyed;
    const stored = (await readCredentials(credentialsFile)).get(name);
    if (stored !== undefined && stored !== '') return stored;
  }
  return nonEmpty(env[BEARER_TOKEN_ENV]);
}
