import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** Adds one verb (and its sub-commands) to the program. */
export type RegisterVerb = (program: Command, ctx: CliContext) => void;

/** A verb of `omnigraph`: the names it answers to and how to load its module. */
export interface VerbEntry {
  /** Its name, then its aliases (`query`, `read`). */
  readonly names: readonly string[];
  readonly load: () => Promise<RegisterVerb>;
}

/**
 * Every verb, in the order `omnigraph --help` lists them. Each module is imported only when its
 * verb runs (or help lists them all): a served graph's commands never load Lance, the cluster
 * layer or the server, and `omnigraph --version` loads no verb at all.
 */
export const VERBS: readonly VerbEntry[] = [
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemo },
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { names: ['load'], load: async () => (await import('./commands/load.js')).registerLoad },
  { names: ['export'], load: async () => (await import('./commands/export.js')).registerExport },
  {
    names: ['snapshot'],
    load: async () => (await import('./commands/snapshot.js')).registerSnapshot,
  },
  { names: ['branch'], load: async () => (await import('./commands/branch.js')).registerBranch },
  { names: ['commit'], load: async () => (await import('./commands/commit.js')).registerCommit },
  {
    names: ['changes'],
    load: async () => (await import('./commands/changes.js')).registerChanges,
  },
  { names: ['lint'], load: async () => (await import('./commands/lint.js')).registerLint },
  {
    names: ['query', 'read'],
    load: async () => (await import('./commands/query.js')).registerQuery,
  },
  {
    names: ['mutate', 'change'],
    load: async () => (await import('./commands/mutate.js')).registerMutate,
  },
  { names: ['schema'], load: async () => (await import('./commands/schema.js')).registerSchema },
  {
    names: ['optimize'],
    load: async () => (await import('./commands/optimize.js')).registerOptimize,
  },
  {
    names: ['cleanup'],
    load: async () => (await import('./commands/cleanup.js')).registerCleanup,
  },
  { names: ['policy'], load: async () => (await import('./commands/policy.js')).registerPolicy },
  {
    names: ['queries'],
    load: async () => (await import('./commands/queries.js')).registerQueries,
  },
  { names: ['mcp'], load: async () => (await import('./commands/mcp.js')).registerMcp },
  { names: ['graphs'], load: async () => (await import('./commands/graphs.js')).registerGraphs },
  {
    names: ['cluster'],
    load: async () => (await import('./commands/cluster.js')).registerCluster,
  },
  { names: ['login'], load: async () => (await import('./commands/login.js')).registerLogin },
  { names: ['logout'], load: async () => (await import('./commands/logout.js')).registerLogout },
  {
    names: ['profile'],
    load: async () => (await import('./commands/profile.js')).registerProfile,
  },
  { names: ['alias'], load: async () => (await import('./commands/alias.js')).registerAlias },
  { names: ['embed'], load: async () => (await import('./commands/embed.js')).registerEmbed },
  { names: ['config'], load: async () => (await import('./commands/config.js')).registerConfig },
  {
    names: ['version'],
    load: async () => (await import('./commands/version.js')).registerVersion,
  },
];

/** The entry of the verb named (or aliased) `name`, if there is one. */
export function verbNamed(name: string): VerbEntry | undefined {
  return VERBS.find((verb) => verb.names.includes(name));
}
