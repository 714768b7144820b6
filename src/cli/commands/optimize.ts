import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';

/** `omnigraph optimize` (not implemented yet). */
export function registerOptimize(program: Command, _ctx: CliContext): void {
  program
    .command('optimize')
    .description('optimize (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new OmniError('not_implemented', '`omnigraph optimize` is not implemented yet');
    });
}
