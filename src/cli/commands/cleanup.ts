import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';

/** `omnigraph cleanup` (not implemented yet). */
export function registerCleanup(program: Command, _ctx: CliContext): void {
  program
    .command('cleanup')
    .description('cleanup (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new OmniError('not_implemented', '`omnigraph cleanup` is not implemented yet');
    });
}
