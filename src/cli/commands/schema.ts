import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';

/** `omnigraph schema` (not implemented yet). */
export function registerSchema(program: Command, _ctx: CliContext): void {
  program
    .command('schema')
    .description('schema (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new OmniError('not_implemented', '`omnigraph schema` is not implemented yet');
    });
}
