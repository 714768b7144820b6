import { homedir } from 'node:os';
import path from 'node:path';

/** The environment an operator setting may come from. */
export type OperatorEnv = Readonly<Record<string, string | undefined>>;

/** Where one operator's settings live. */
export interface OperatorPaths {
  /** `~/.omnigraph`, or `$OMNIGRAPH_HOME`. */
  readonly dir: string;
  /** `<dir>/config.yaml`: servers, defaults, clusters, profiles, aliases. */
  readonly configFile: string;
  /** `<dir>/credentials`: one `[name]` section with a `token` per server. */
  readonly credentialsFile: string;
}

/**
 * The operator's settings directory: `$OMNIGRAPH_HOME` (a leading `~` is the user's home) or
 * `<home>/.omnigraph`. `home` defaults to the user's home directory.
 *
 * @example operatorPaths({ OMNIGRAPH_HOME: '~/og' }, '/home/ada').configFile // '/home/ada/og/config.yaml'
 */
export function operatorPaths(env: OperatorEnv, home: string = homedir()): OperatorPaths {
  const override = env.OMNIGRAPH_HOME;
  const dir =
    override === undefined || override === ''
      ? path.join(home, '.omnigraph')
      : path.resolve(expandTilde(override, home));
  return {
    dir,
    configFile: path.join(dir, 'config.yaml'),
    credentialsFile: path.join(dir, 'credentials'),
  };
}

function expandTilde(dir: string, home: string): string {
  if (dir === '~') return home;
  return dir.startsWith('~/') ? path.join(home, dir.slice(2)) : dir;
}
