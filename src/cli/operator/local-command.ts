import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';

/** The scope flags and what each addresses, for the error that refuses them. */
const SCOPE_FLAGS = [
  ['server', '--server addresses a served graph'],
  ['graph', '--graph selects a graph'],
  ['store', '--store addresses a graph in storage'],
  ['cluster', '--cluster addresses a cluster'],
  ['profile', '--profile selects a scope'],
  ['as', '--as names the actor of a write'],
  ['token', '--token is the credential of --server'],
] as const;

/** Which local command refuses the flags, and how. */
export interface LocalCommand {
  /** The command as the error names it (`profile show`). */
  readonly label: string;
  /** A sentence that follows the refusal, saying what to do instead. */
  readonly remediation?: string;
  /** A flag the command takes itself (`login --token`). */
  readonly allow?: 'token';
}

/**
 * Refuses the global scope flags on a local command, which addresses no graph: a flag that
 * silently does nothing would let a user believe it took effect.
 */
export function rejectScopeFlags(command: Command, local: LocalCommand): void {
  const { label, remediation = '', allow } = local;
  const given = command.optsWithGlobals<Record<string, unknown>>();
  for (const [key, clause] of SCOPE_FLAGS) {
    if (key !== allow && given[key] !== undefined) {
      throw new OmniError(
        'usage',
        `\`${label}\` is a local command; ${clause} and does not apply.${remediation}`,
      );
    }
  }
}
