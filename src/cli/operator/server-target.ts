import { OmniError } from '../../util/omni-error.js';
import type { Warn } from './operator-config.js';
import type { OperatorConfig } from './operator-config-shape.js';
import type { OperatorEnv } from './operator-paths.js';
import { definedNames, loadOperatorSettings } from './operator-settings.js';
import { nonEmpty, operatorScope } from './operator-scope.js';
import { isUrlLike, matchServer, parseServerUrl } from './server-url.js';
import { resolveToken } from './server-token.js';

/** How a command addressed a server: `--server <name|url>` and `--profile <name>`. */
export interface ServerTargetInput {
  readonly server?: string;
  readonly profile?: string;
}

/** A served graph's address and the credential to send to it. */
export interface ServerTarget {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  /** The configured server the URL belongs to; absent for a URL no server matches. */
  readonly name?: string;
  /** The bearer token for this server; absent when there is none. */
  readonly token?: string;
  /** The graph the profile or defaults select; absent when the caller must choose. */
  readonly graph?: string;
}

/** A server reference before it is resolved, and the graph that came with it. */
interface ServerRef {
  readonly ref: string;
  readonly graph?: string;
}

/**
 * Resolves a served scope from the operator config at `$OMNIGRAPH_HOME` (or `<home>/.omnigraph`):
 * `--server` (a name under `servers:` or an http(s) URL), else `--profile` or
 * `$OMNIGRAPH_PROFILE` (its `server` and `default_graph`), else `defaults.server` and
 * `defaults.default_graph`. The token is the one keyed to the server (see `resolveToken`);
 * a URL is keyed to a server by the longest configured URL prefix at a `/` boundary.
 * Config warnings go to `warn` (stderr by default).
 *
 * @example
 * const { url, token, graph } = await resolveServerTarget({ server: 'prod' }, process.env);
 */
export async function resolveServerTarget(
  input: ServerTargetInput,
  env: OperatorEnv,
  home?: string,
  warn: Warn = (line) => process.stderr.write(line),
): Promise<ServerTarget> {
  const { paths, config } = await loadOperatorSettings(env, warn, home);
  const { ref, graph } = serverRef(input, env, config, paths.configFile);
  const { url, name } = resolveServerRef(ref, config, paths.configFile);
  const token = await resolveToken(name, env, paths.credentialsFile);
  return {
    url,
    ...(name === undefined ? {} : { name }),
    ...(token === undefined ? {} : { token }),
    ...(graph === undefined ? {} : { graph }),
  };
}

/**
 * The server a command addresses, by precedence. The profile's or the defaults' graph comes
 * along only with their own server: an explicit `--server` says nothing about the graph.
 */
function serverRef(
  input: ServerTargetInput,
  env: OperatorEnv,
  config: OperatorConfig,
  configFile: string,
): ServerRef {
  if (input.server !== undefined) return { ref: input.server };
  const scope = operatorScope(config, configFile, env, input.profile);
  if (scope?.kind === 'server') return withGraph(scope.server, scope.graph);
  if (scope !== undefined) {
    throw new OmniError(
      'usage',
      `the ${scopeSource(input, env)} binds a ${scope.kind}, not a server; this command addresses a served graph`,
    );
  }
  throw new OmniError(
    'usage',
    `no server to address: pass --server <name|url> or --profile <name>, or set \`defaults.server\` in '${configFile}'`,
  );
}

/** Where an operator scope came from, for errors: `profile 'prod'` or `operator defaults`. */
function scopeSource(input: ServerTargetInput, env: OperatorEnv): string {
  const profile = input.profile ?? nonEmpty(env.OMNIGRAPH_PROFILE);
  return profile === undefined ? 'operator defaults' : `profile '${profile}'`;
}

/** Resolves a server name or URL to its base URL and the configured name it is keyed to. */
export function resolveServerRef(
  ref: string,
  config: OperatorConfig,
  configFile: string,
): { url: string; name?: string } {
  const servers = config.servers ?? {};
  if (isUrlLike(ref)) {
    if (parseServerUrl(ref) === undefined) {
      throw new OmniError(
        'usage',
        `server '${ref}' is not an http:// or https:// URL without credentials, query or fragment`,
      );
    }
    const name = matchServer(ref, servers);
    return { url: trimSlashes(ref), ...(name === undefined ? {} : { name }) };
  }
  const server = servers[ref];
  if (server === undefined) {
    throw new OmniError(
      'not_found',
      `unknown server '${ref}'; servers defined in '${configFile}': ${definedNames(servers)}`,
      { details: { server: ref } },
    );
  }
  return { url: trimSlashes(server.url), name: ref };
}

function withGraph(ref: string, graph: string | undefined): ServerRef {
  return graph === undefined ? { ref } : { ref, graph };
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
