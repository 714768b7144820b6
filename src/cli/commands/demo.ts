import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** `omnigraph demo`: the main job of `npm start`. */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('show what this build can do (run by `npm start`)')
    .action(() => {
      ctx.io.stdout(
        [
          'OmniGraph (TypeScript) — foundation build.',
          '',
          'Available now:',
          '  object storage on local disk, memory:// and s3:// (the storage layer the engine uses)',
          '',
          'Try:',
          '  npx omnigraph --help',
          '',
          'The graph engine (init, load, query, branches) lands with the next issues; see docs/.',
          '',
        ].join('\n'),
      );
    });
}
