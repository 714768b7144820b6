import type { Command } from 'commander';
import type { ChangeOp, EntityKind } from '../../api/index.js';

/** Commander's accumulator for a repeatable option (`--type A --type B`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The filter flags of the change verbs, as commander parses them (absent when not given). */
export interface ChangeFilterFlags {
  readonly kind?: string[];
  readonly type?: string[];
  readonly op?: string[];
}

/** A change filter of a request: the kinds, types and ops to keep (empty: all). */
export interface ChangeFilterFields {
  readonly kind: EntityKind[];
  readonly type: string[];
  readonly op: ChangeOp[];
}

/**
 * Adds the filters of the change verbs (`commit changes`, `branch diff`, `changes poll`):
 * repeatable `--kind`, `--type` and `--op`.
 */
export function changeFilterOptions(command: Command): Command {
  return command
    .option('--kind <kind>', 'only node or edge changes (repeatable)', collect)
    .option('--type <type>', 'only changes of this type (repeatable)', collect)
    .option('--op <op>', 'only insert, update or delete changes (repeatable)', collect);
}

/** The filter the flags ask for. Unknown kinds and ops are refused by the graph, naming the value. */
export function changeFilterOf(flags: ChangeFilterFlags): ChangeFilterFields {
  return {
    kind: (flags.kind ?? []) as EntityKind[],
    type: flags.type ?? [],
    op: (flags.op ?? []) as ChangeOp[],
  };
}
