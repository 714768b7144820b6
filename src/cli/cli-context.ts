import type { CliIo } from './cli-io.js';
import type { OperatorSettings } from './operator/index.js';

/** What every command gets: where to write, and the exit code to end with. */
export interface CliContext {
  readonly io: CliIo;
  /**
   * The code the run exits with when no error ends it. A command that prints a report and
   * must still fail (lint errors, a lost compare-and-swap) sets it instead of throwing.
   */
  exitCode: number;
  /** The command asked for `--json`: a failure is then reported as the JSON error envelope. */
  json: boolean;
  /** The operator config, once a command of this run has read it (see `operatorSettingsOf`). */
  operator?: Promise<OperatorSettings>;
}
