import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

/** `omnigraph demo`: the main job of `npm start`. */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('show what this build can do (run by `npm start`)')
    .action(() => {
      io.stdout(
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
