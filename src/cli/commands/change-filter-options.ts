import type { Command } from 'commander';

/** Commander's accumulator for a repeatable option (`--type A --type B`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Adds the filters of the change verbs (`commit changes`, `branch diff`, `changes poll`):
 * repeatable `--kind`, `--type` and `--op`.
 */
export function changeFilterOptions(command: Command): Command {
  return command
    .option('--kind <kind>', 'only node or edge changes (repeatable)', collect, [])
    .option('--type <type>', 'only changes of this type (repeatable)', collect, [])
    .option('--op <op>', 'only insert, update or delete changes (repeatable)', collect, []);
}
