import type { Command } from 'commander';
import { settingsFromEnv } from '../../api/index.js';
import {
  applyCluster,
  approveCluster,
  forceUnlockCluster,
  importCluster,
  migrateStorage,
  planCluster,
  refreshCluster,
  statusCluster,
  validateCluster,
  type ClusterCommandOptions,
} from '../../cluster/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import {
  applyLines,
  approveLines,
  clusterStatusLines,
  forceUnlockLines,
  migrateLines,
  planLines,
  syncLines,
  validateLines,
} from '../cluster/report-lines.js';
import { ExitCode } from '../exit-code.js';
import { actorOf, globalsOf } from '../graph-target.js';
import { printJson, printLines } from '../output.js';

interface ClusterFlags {
  readonly config: string;
  readonly json?: boolean;
}

/**
 * `omnigraph cluster validate|plan|apply|approve|status|refresh|import|force-unlock|
 * migrate-storage`: the control plane of a cluster declared in `--config <dir>` (default `.`).
 * Every verb prints a report (`--json`: the output object) and exits 1 when its `ok` is false.
 */
export function registerCluster(program: Command, ctx: CliContext): void {
  const cluster = program
    .command('cluster')
    .description('plan and apply a cluster declared in cluster.yaml, and inspect its state');
  const verb = (name: string, description: string): Command =>
    cluster
      .command(name)
      .description(description)
      .option('--config <dir>', 'the config directory holding cluster.yaml', '.')
      .option('--json', 'print the output as JSON');

  const run = async <T extends { readonly ok: boolean }>(
    flags: ClusterFlags,
    pending: Promise<T>,
    lines: (output: T) => string[],
  ): Promise<void> => {
    const output = await pending;
    if (flags.json === true) printJson(ctx.io, output);
    else printLines(ctx.io, lines(output));
    if (!output.ok) ctx.exitCode = ExitCode.error;
  };
  const options = (flags: ClusterFlags): ClusterCommandOptions => ({
    configDir: flags.config,
    settings: settingsFromEnv(ctx.io.env),
  });

  verb('validate', 'check cluster.yaml and every file it names (reads no state)').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      await run(flags, validateCluster(flags.config), validateLines);
    },
  );

  verb('plan', 'show what apply would change (takes and releases the lock)').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      await run(flags, planCluster(options(flags)), planLines);
    },
  );

  verb('apply', 'converge the cluster to its configuration (--as records the actor)').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, GRAPH_FLAGS);
      const actor = await actorOf(ctx, command);
      const applied = applyCluster({ ...options(flags), ...(actor === null ? {} : { actor }) });
      await run(flags, applied, applyLines);
    },
  );

  verb('approve', 'approve the pending irreversible change of a resource (needs --as)')
    .argument('<resource>', 'the resource whose change to approve, e.g. graph.scratch')
    .action(async (resource: string, flags: ClusterFlags, command: Command) => {
      refuseFlags(command, GRAPH_FLAGS);
      const actor = await actorOf(ctx, command);
      if (actor === null) {
        throw new OmniError(
          'usage',
          '`cluster approve` records who approved: pass --as <actor> (or set operator.actor in the operator config)',
        );
      }
      await run(flags, approveCluster({ ...options(flags), resource, actor }), approveLines);
    });

  verb('status', 'show the recorded state, the lock and catalog integrity (read-only)').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      await run(flags, statusCluster(options(flags)), clusterStatusLines);
    },
  );

  verb('refresh', 're-observe the graphs and the catalog and record what is found').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      const lines = (output: Parameters<typeof syncLines>[1]) => syncLines('refresh', output);
      await run(flags, refreshCluster(options(flags)), lines);
    },
  );

  verb('import', 'create the first state ledger from the configuration and the live graphs').action(
    async (flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      const lines = (output: Parameters<typeof syncLines>[1]) => syncLines('import', output);
      await run(flags, importCluster(options(flags)), lines);
    },
  );

  verb('force-unlock', 'remove a stale state lock, given its exact lock id')
    .argument('<lock-id>', 'the lock id `cluster status` shows')
    .action(async (lockId: string, flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      const unlocked = forceUnlockCluster({ ...options(flags), lockId });
      await run(flags, unlocked, (output) => forceUnlockLines(output, lockId));
    });

  verb('migrate-storage', 'copy the cluster to another storage root (file ↔ s3), ledger last')
    .argument('<dest-uri>', 'the new storage root: s3://bucket/prefix, file:// or a path')
    .action(async (destination: string, flags: ClusterFlags, command: Command) => {
      refuseFlags(command, SCOPE_FLAGS);
      const quiet = globalsOf(command).quiet === true;
      const onProgress = (line: string): void => {
        ctx.io.stderr(`${line}\n`);
      };
      const migrated = migrateStorage({
        ...options(flags),
        destination,
        ...(quiet ? {} : { onProgress }),
      });
      await run(flags, migrated, migrateLines);
    });
}

/** Global flags that address one graph, which a cluster verb does not. */
const GRAPH_FLAGS = {
  store: '--store addresses a single graph',
  policy: '--policy guards a single graph',
} as const;

/** Those, and `--as`, which only `apply` and `approve` record. */
const SCOPE_FLAGS = { ...GRAPH_FLAGS, as: '--as names the actor of apply and approve' } as const;

/**
 * Refuses the global flags of `refused` given to a cluster verb: a flag that would be ignored
 * is an error, so nobody believes in a target or an attribution that never happened.
 */
function refuseFlags(
  command: Command,
  refused: Partial<Record<'as' | 'store' | 'policy', string>>,
): void {
  const globals = globalsOf(command);
  const given = Object.entries(refused)
    .filter(([flag]) => globals[flag as keyof typeof refused] !== undefined)
    .map(([, why]) => why);
  if (given.length === 0) return;
  throw new OmniError(
    'usage',
    `\`cluster ${command.name()}\` is a control command; ${given.join(', ')} and does not apply.`,
  );
}
