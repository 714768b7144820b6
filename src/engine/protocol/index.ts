// The write protocol (docs/invariants.md): the graph context, the writer lease, intents before
// effects, one publish point per commit, recovery of writes that died, and the commit log.
export { type CommitShape, type WritePlan, runWrite } from './graph-writer.js';
export { Failpoints } from './failpoints.js';
export type { GraphContext } from './graph-context.js';
export { type RecoveryOutcome, recoverPendingWrites } from './recovery.js';
export type { SessionTable, WriteSession } from './write-session.js';
export { WriteFence } from './write-fence.js';
export { type LeaseTake, WriterLease } from './writer-lease.js';
export { HeadCache } from './head-cache.js';
export { OwnIntents } from './own-intents.js';
export { listCommits, readCommit } from './commit-log.js';
