import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { resolveGraphUri } from '../graph-target.js';
import { openClusterScope, selectGraph } from './cluster-scope.js';

/** The `--cluster <dir|uri>` and `--graph <id>` flags of a direct verb. */
export interface ClusterGraphFlags {
  readonly cluster?: string;
  readonly graph?: string;
}

/**
 * The verb's `--cluster` with the program-wide `--graph` (the graph of `--server` or of
 * `--cluster`), which commander hands to the program wherever it stands on the line.
 */
export function clusterGraphFlags<T extends ClusterGraphFlags>(command: Command, flags: T): T {
  const graph = flags.graph ?? command.optsWithGlobals<{ graph?: string }>().graph;
  return graph === undefined ? flags : { ...flags, graph };
}

/**
 * The graph root a direct verb (`optimize`, `cleanup`, `lint`) works on: a positional URI or
 * `--store`, or the derived root `<storage-root>/graphs/<id>.omni` of a graph of the cluster
 * `--cluster` names (`--graph` picks it; a cluster of one graph needs none).
 */
export async function resolveDirectTarget(
  ctx: CliContext,
  command: Command,
  positional: string | undefined,
  given: ClusterGraphFlags,
): Promise<string> {
  const flags = clusterGraphFlags(command, given);
  if (flags.cluster === undefined) {
    // With --server, --graph is the served graph's: resolveGraphUri reports that misuse.
    const served = command.optsWithGlobals<{ server?: string }>().server !== undefined;
    if (flags.graph !== undefined && !served) {
      throw new OmniError(
        'usage',
        `\`${command.name()}\` takes --graph <id> only with --cluster <dir>: it picks a graph of a cluster.`,
      );
    }
    return await resolveGraphUri(ctx, command, positional);
  }
  if (
    positional !== undefined ||
    command.optsWithGlobals<{ store?: string }>().store !== undefined
  ) {
    throw new OmniError(
      'usage',
      `\`${command.name()}\` addresses one graph: pass its URI (or --store), or --cluster <dir> --graph <id>, not both.`,
    );
  }
  const scope = await openClusterScope(ctx.io, flags.cluster);
  return scope.store.graphUri(selectGraph(scope, flags.graph));
}
