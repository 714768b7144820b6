import { loadOperatorConfig, type Warn } from './operator-config.js';
import type { OperatorConfig } from './operator-config-shape.js';
import { operatorPaths, type OperatorEnv, type OperatorPaths } from './operator-paths.js';

/** The operator's config and where its files are. */
export interface OperatorSettings {
  readonly paths: OperatorPaths;
  readonly config: OperatorConfig;
}

/** Reads the operator config of the environment's operator home (warnings go to `warn`). */
export async function loadOperatorSettings(
  env: OperatorEnv,
  warn: Warn,
  home?: string,
): Promise<OperatorSettings> {
  const paths = operatorPaths(env, home);
  return { paths, config: await loadOperatorConfig(paths.configFile, warn) };
}

/** "a, b" or "none", for errors that list what is defined. */
export function definedNames(entries: Readonly<Record<string, unknown>> | undefined): string {
  const names = Object.keys(entries ?? {}).sort();
  return names.length === 0 ? 'none' : names.join(', ');
}
