import { isOmniError } from '../util/omni-error.js';

/** Exit codes of the `omnigraph` command (docs/reference/cli.md). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  preconditionFailure: 4,
} as const;

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (isOmniError(error, 'usage')) return ExitCode.usage;
  if (isOmniError(error, 'precondition_failure')) return ExitCode.preconditionFailure;
  return ExitCode.error;
}
