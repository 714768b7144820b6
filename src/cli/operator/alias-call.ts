import { OmniError } from '../../util/omni-error.js';
import type { ReadFormat } from '../read-format.js';
import type { OperatorConfig } from './operator-config-shape.js';
import { definedNames } from './operator-settings.js';

/** A stored-query invocation an alias stands for, before its server is resolved. */
export interface AliasCall {
  /** The server name (or URL) the alias binds. */
  readonly server: string;
  readonly graph?: string;
  /** The stored query's name in the graph's catalog. */
  readonly query: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The alias's own output format, if it sets one. */
  readonly format?: ReadFormat;
}

/**
 * Resolves alias `name` with its positional arguments: each positional becomes the param the
 * alias's `args` names at its place, and params come from `override` (`--params`) over the
 * positionals over the alias's fixed `params`. Aliases only read: one whose `command` is a
 * mutation is refused before anything runs.
 *
 * @example
 * // aliases: { who: { server: prod, query: find_person, args: [name], params: { limit: 5 } } }
 * aliasCall(config, 'config.yaml', 'who', ['Ada']).params // { limit: 5, name: 'Ada' }
 */
export function aliasCall(
  config: OperatorConfig,
  configFile: string,
  name: string,
  positionals: readonly string[],
  override: Readonly<Record<string, unknown>> = {},
): AliasCall {
  const alias = config.aliases?.[name];
  if (alias === undefined) {
    throw new OmniError(
      'not_found',
      `unknown alias '${name}'; aliases defined in '${configFile}': ${definedNames(config.aliases)}`,
      { details: { alias: name } },
    );
  }
  if (alias.command === 'mutate' || alias.command === 'change') {
    throw new OmniError(
      'usage',
      `alias '${name}' names a mutation (\`command: ${alias.command}\`); aliases are read-only: run \`omnigraph mutate ${alias.query}\` instead`,
    );
  }
  const argNames = alias.args ?? [];
  if (positionals.length > argNames.length) {
    const expected = argNames.length === 0 ? 'no arguments' : `at most ${argNames.join(', ')}`;
    throw new OmniError(
      'usage',
      `alias '${name}' takes ${expected}; got ${positionals.length} argument(s)`,
    );
  }
  const fromPositionals = Object.fromEntries(
    positionals.map((value, index) => [argNames[index] ?? '', value]),
  );
  return {
    server: alias.server,
    ...(alias.graph === undefined ? {} : { graph: alias.graph }),
    query: alias.query,
    params: { ...alias.params, ...fromPositionals, ...override },
    ...(alias.format === undefined ? {} : { format: alias.format }),
  };
}
