import { OmniError } from '../../util/omni-error.js';
import type { OperatorConfig } from './operator-config-shape.js';
import type { OperatorEnv } from './operator-paths.js';
import { definedNames } from './operator-settings.js';

/** What a profile or the defaults of the operator config bind a command to. */
export type OperatorScope =
  | { readonly kind: 'server'; readonly server: string; readonly graph?: string }
  | { readonly kind: 'store'; readonly store: string }
  | { readonly kind: 'cluster'; readonly cluster: string; readonly graph?: string };

/**
 * The scope the operator config gives a command that names none explicitly: the profile
 * `profileFlag` (`--profile`) or `$OMNIGRAPH_PROFILE` names, else the flat `defaults` (a server
 * with its default graph, or a store). Undefined when neither binds one. A profile's cluster is
 * a name under `clusters:` or a cluster directory or root itself.
 */
export function operatorScope(
  config: OperatorConfig,
  configFile: string,
  env: OperatorEnv,
  profileFlag: string | undefined,
): OperatorScope | undefined {
  const profileName = profileFlag ?? nonEmpty(env.OMNIGRAPH_PROFILE);
  if (profileName !== undefined) return profileScope(config, configFile, profileName);
  const defaults = config.defaults;
  if (defaults?.server !== undefined)
    return withGraph({ kind: 'server', server: defaults.server }, defaults.default_graph);
  if (defaults?.store !== undefined) return { kind: 'store', store: defaults.store };
  return undefined;
}

function profileScope(config: OperatorConfig, configFile: string, name: string): OperatorScope {
  const profile = config.profiles?.[name];
  if (profile === undefined) {
    throw new OmniError(
      'not_found',
      `unknown profile '${name}'; profiles defined in '${configFile}': ${definedNames(config.profiles)}`,
      { details: { profile: name } },
    );
  }
  const graph = profile.default_graph;
  if (profile.server !== undefined)
    return withGraph({ kind: 'server', server: profile.server }, graph);
  if (profile.cluster !== undefined) {
    const cluster = config.clusters?.[profile.cluster]?.root ?? profile.cluster;
    return withGraph({ kind: 'cluster', cluster }, graph);
  }
  if (profile.store !== undefined) return { kind: 'store', store: profile.store };
  throw new OmniError(
    'usage',
    `profile '${name}' binds no scope; give it exactly one of server, cluster or store in '${configFile}'`,
  );
}

function withGraph<S extends OperatorScope & { kind: 'server' | 'cluster' }>(
  scope: S,
  graph: string | undefined,
): S {
  return graph === undefined ? scope : { ...scope, graph };
}

/** An environment value, blank as none. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
