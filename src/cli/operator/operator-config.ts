import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { errnoOf } from '../../util/errno-reason.js';
import { fileReadError } from '../../util/file-read-error.js';
import { messageOf, OmniError } from '../../util/omni-error.js';
import { firstProblem, parseKnownKeys } from './known-keys.js';
import { operatorConfigShape, type OperatorConfig, type Profile } from './operator-config-shape.js';

/** Where a warning about the config goes (stderr). */
export type Warn = (line: string) => void;

/**
 * Reads the operator config at `file`. A missing file is an empty config; a file that is not
 * YAML, breaks a key's type or binds two scopes at once is a `configuration` error naming the
 * file; an unknown key is ignored with a warning, so a config written for a newer CLI still
 * works here.
 */
export async function loadOperatorConfig(file: string, warn: Warn): Promise<OperatorConfig> {
  const source = await readConfigSource(file);
  if (source === undefined) return {};
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

async function readConfigSource(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw fileReadError('operator config', file, error);
  }
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
