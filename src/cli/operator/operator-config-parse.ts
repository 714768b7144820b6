import { parse as parseYaml } from 'yaml';
import { messageOf, OmniError } from '../../util/omni-error.js';
import { firstProblem, parseKnownKeys } from './known-keys.js';
import { operatorConfigShape, type OperatorConfig, type Profile } from './operator-config-shape.js';

/** Where a warning about the config goes (stderr). */
export type Warn = (line: string) => void;

/**
 * Parses the text of the operator config at `file` (see `loadOperatorConfig`): YAML, the shape
 * of every key, one scope per default and profile; unknown keys are warnings.
 */
export function parseOperatorConfig(file: string, source: string, warn: Warn): OperatorConfig {
  let value: unknown;
  try {
    value = parseYaml(source) ?? {};
  } catch (error) {
    throw configError(file, `not valid YAML: ${messageOf(error).split('\n', 1)[0] ?? ''}`);
  }
  const config = parseConfig(file, value, warn);
  checkScopes(file, config);
  return config;
}

function parseConfig(file: string, value: unknown, warn: Warn): OperatorConfig {
  const parsed = parseKnownKeys(operatorConfigShape, value, (key) => {
    warn(
      `warning: unknown key \`${key}\` (newer CLI feature or typo); ignored in operator config '${file}'\n`,
    );
  });
  if (parsed.success) return parsed.data;
  throw configError(file, firstProblem(parsed.error));
}

/** A default scope and a profile each bind one entity; a store is already one graph. */
function checkScopes(file: string, config: OperatorConfig): void {
  const defaults = config.defaults;
  if (defaults?.server !== undefined && defaults.store !== undefined) {
    throw configError(
      file,
      '`defaults` sets both `server` and `store`; a default scope binds one entity: keep one of them',
    );
  }
  if (defaults?.store !== undefined && defaults.default_graph !== undefined) {
    throw configError(
      file,
      '`defaults` sets both `store` and `default_graph`; a store is already a single graph: drop `default_graph`',
    );
  }
  for (const [name, profile] of Object.entries(config.profiles ?? {})) {
    checkProfile(file, name, profile);
  }
}

function checkProfile(file: string, name: string, profile: Profile): void {
  const bound = (['server', 'cluster', 'store'] as const).filter(
    (key) => profile[key] !== undefined,
  );
  if (bound.length !== 1) {
    const what =
      bound.length === 0 ? 'none of them' : bound.map((key) => `\`${key}\``).join(' and ');
    throw configError(
      file,
      `profile \`${name}\` binds ${what}; a profile binds exactly one of \`server\`, \`cluster\`, \`store\``,
    );
  }
  if (profile.store !== undefined && profile.default_graph !== undefined) {
    throw configError(
      file,
      `profile \`${name}\` sets both \`store\` and \`default_graph\`; a store is already a single graph: drop \`default_graph\``,
    );
  }
}

function configError(file: string, problem: string): OmniError {
  return new OmniError('configuration', `operator config '${file}': ${problem}`, {
    details: { file },
  });
}
