import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';

/** `omnigraph mutate` (not implemented yet). */
export function registerMutate(program: Command, _ctx: CliContext): void {
  program
    .command('mutate')
    .description('mutate (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new OmniError('not_implemented', '`omnigraph mutate` is not implemented yet');
    });
}
