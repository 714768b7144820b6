import { OmniError } from '../../util/omni-error.js';
import type { Warn } from './operator-config.js';
import { NAME_PATTERN, type OperatorConfig } from './operator-config-shape.js';
import { isUrlLike, matchServer, parseServerUrl } from './server-url.js';

/**
 * The credentials section `login`/`logout` act on for `ref`: a server name, or the name of the
 * configured server a URL belongs to. Credentials are keyed by name, so a URL that no server
 * matches has none. A name not (yet) under `servers:` is accepted with a warning, so a token
 * can be stored before the server is declared.
 */
export function credentialName(
  ref: string,
  config: OperatorConfig,
  configFile: string,
  warn: Warn,
): string {
  const servers = config.servers ?? {};
  if (isUrlLike(ref)) {
    const name = parseServerUrl(ref) === undefined ? undefined : matchServer(ref, servers);
    if (name === undefined) {
      throw new OmniError(
        'usage',
        `no server under \`servers:\` in '${configFile}' matches '${ref}'; credentials are keyed by server name: declare the server, then use its name`,
      );
    }
    return name;
  }
  if (!NAME_PATTERN.test(ref)) {
    throw new OmniError(
      'usage',
      `'${ref}' is not a server name (letters, digits, \`_\` and \`-\`) or an http(s) URL`,
    );
  }
  if (servers[ref] === undefined) {
    warn(
      `warning: server '${ref}' is not defined under \`servers:\` in '${configFile}'; its token is used once it is\n`,
    );
  }
  return ref;
}
