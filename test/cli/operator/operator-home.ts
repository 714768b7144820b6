import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../../src/cli/program.js';
import { captureIo } from '../../helpers/capture-io.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

/** What one CLI run printed and how it ended. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A temporary `$OMNIGRAPH_HOME` and a way to run the CLI with it. */
export interface OperatorHome {
  readonly dir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** Runs `omnigraph <argv>` with `OMNIGRAPH_HOME` set (plus `env`), nothing else inherited. */
  readonly run: (argv: readonly string[], env?: Record<string, string>) => Promise<CliRun>;
}

/** A fresh operator home holding `config` as its `config.yaml` (none when undefined). */
export async function operatorHome(config?: string): Promise<OperatorHome> {
  const dir = await freshTempDir('operator');
  const configFile = path.join(dir, 'config.yaml');
  if (config !== undefined) await writeFile(configFile, config);
  return {
    dir,
    configFile,
    credentialsFile: path.join(dir, 'credentials'),
    run: async (argv, env = {}) => {
      const io = captureIo(dir, [], { OMNIGRAPH_HOME: dir, ...env });
      const code = await runCli(argv, io);
      return { code, out: io.out(), err: io.err() };
    },
  };
}
