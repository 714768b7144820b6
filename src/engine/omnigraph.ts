import type {
  BranchCreateOutput,
  BranchCreateRequest,
  BranchDeleteOutput,
  BranchListOutput,
  BranchMergeOutput,
  BranchMergeRequest,
  CallOptions,
  ChangeFeedOutput,
  ChangeFeedRequest,
  ChangesBaselineRequest,
  ChangeOutput,
  ChangeRequest,
  CleanupOutput,
  CleanupRequest,
  CommitChangesOutput,
  CommitChangesRequest,
  CommitListOutput,
  CommitListRequest,
  CommitOutput,
  DiffBetweenOutput,
  DiffBetweenRequest,
  EmbeddingProvider,
  EnsureIndicesOutput,
  ExportRequest,
  Graph,
  GraphAdmin,
  LoadOptions,
  LoadOutput,
  LoadRequest,
  MutateOptions,
  OptimizeOutput,
  QueryExplainOutput,
  QueryOptions,
  QueryRequest,
  QueryResult,
  SchemaApplyOutput,
  SchemaApplyRequest,
  SchemaOptions,
  SchemaOutput,
  SettingsInput,
  SnapshotOutput,
  SnapshotRequest,
  WriteOptions,
} from '../api/index.js';
import { commitMessageOf } from '../api/commit-message.js';
import { parseLoadMode } from '../api/load-output.js';
import { resolveSettings, type OmnigraphSettings } from '../api/settings.js';
import {
  resolveAuthorizer,
  type Authorizer,
  type DecisionObserver,
  type Policy,
  type PolicyAction,
} from '../policy/index.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { LruPromiseCache } from '../util/lru-promise-cache.js';
import { OmniError } from '../util/omni-error.js';
import {
  readHead,
  ReadHeads,
  type BranchHead,
  MAIN_BRANCH,
  normalizeBranchName,
  CommitReader,
  commitInfo,
  initGraph,
  openGraphRoot,
  type GraphRoot,
  hasIntents,
  SchemaReader,
} from './root/index.js';
import { createBranch, deleteBranch, listBranchNames } from './branch/index.js';
import { OperationGate } from '../util/operation-gate.js';
import {
  commitChanges,
  diffBetween,
  diffSides,
  refNotFound,
  type CommitChangesOptions,
  changesBaseline,
  pollChangeFeed,
  type ChangeFeedPollOptions,
} from './changes/index.js';
import {
  listCommits,
  readCommit,
  Failpoints,
  type GraphContext,
  HeadCache,
  OwnIntents,
  type LeaseTake,
  recoverPendingWrites,
  type RecoveryOutcome,
  WriterLease,
} from './protocol/index.js';
import { exportSnapshot } from './export/index.js';
import { snapshotOutput, readTargetOf, type ReadTarget, Snapshot } from './snapshot/index.js';
import { loadBatch, loadSourceOf } from './load/index.js';
import { cleanupGraph, optimizeGraph } from './maintenance/index.js';
import { dryRunMerge, mergeBranch } from './merge/index.js';
import { MutationBatcher } from './mutation/index.js';
import {
  carryWritten,
  forgetDeleted,
  createQueryServices,
  explainReadQuery,
  resultTarget,
  runReadQuery,
  type QueryServices,
  type ReadQueryRequest,
} from './query/index.js';
import { applySchema } from './schema-apply/index.js';
import { ensureIndices } from './indexes/index.js';

/** How a graph is opened. Read-only opens never write: no recovery, no lease. */
export type OpenMode = 'read-write' | 'read-only';

/** Snapshots a handle keeps: the heads being read and a few recent commits. */
const CACHED_SNAPSHOTS = 16;

/** Options of {@link Omnigraph.open}. */
export interface OpenOptions {
  /** Default `read-write`. */
  readonly mode?: OpenMode;
  /** Directory relative paths (the graph's, and load files') resolve against; the process's by default. */
  readonly cwd?: string;
  /** Decides every operation before it has an effect; allows everything by default. */
  readonly authorizer?: Authorizer;
  /**
   * A compiled policy bundle (`loadPolicy`) deciding every operation, reads included, for the
   * actor of each call; without an actor every call is denied. Exclusive with `authorizer`.
   */
  readonly policy?: Policy;
  /** Receives every decision of `policy` (actor, action, branches, outcome, matched rule). */
  readonly onDecision?: DecisionObserver;
  /** Tunables; every field is optional. See `settingsFromEnv` to follow the environment. */
  readonly settings?: SettingsInput;
  /** Embeds text `nearest()` queries instead of the provider the settings name. */
  readonly embedder?: EmbeddingProvider;
}

/** Options of {@link Omnigraph.init}. */
export interface InitOptions extends Omit<OpenOptions, 'mode'> {
  /** Recorded on the genesis commit. */
  readonly actor?: string | null;
  /** The file the schema came from, named in parse and catalog errors. */
  readonly schemaFile?: string;
}

/**
 * An OmniGraph graph embedded in this process: the {@link Graph} data plane plus the
 * {@link GraphAdmin} operations that need direct access to storage.
 *
 * @example
 * const graph = await Omnigraph.init('./people', 'node Person { name: String @key }');
 * await graph.load({ data: '{"type":"Person","data":{"name":"Ada"}}', mode: 'merge' });
 * const { rows } = await graph.query({
 *   query: 'query people { match { $p: Person } return { $p.name } }',
 * });
 * await graph.close();
 */
export class Omnigraph implements Graph, GraphAdmin {
  readonly #root: GraphRoot;
  readonly #mode: OpenMode;
  readonly #cwd: string;
  readonly #ctx: GraphContext;
  readonly #snapshots = new LruPromiseCache<Snapshot>(CACHED_SNAPSHOTS);
  /** Branch heads as reads resolve them (revalidated by etag where that needs no request). */
  readonly #readHeads: ReadHeads;
  readonly #recovered: RecoveryOutcome[] = [];
  readonly #authorizer: Authorizer;
  readonly #queries: QueryServices;
  /** Queues mutations per branch and groups concurrent ones into one commit. */
  readonly #mutations: MutationBatcher;
  readonly #gate: OperationGate;
  #closing: Promise<void> | undefined;

  private constructor(
    root: GraphRoot,
    mode: OpenMode,
    authorizer: Authorizer,
    options: OpenOptions,
  ) {
    const settings: OmnigraphSettings = resolveSettings(options.settings);
    this.#root = root;
    this.#mode = mode;
    this.#cwd = options.cwd ?? process.cwd();
    this.#authorizer = authorizer;
    this.#gate = new OperationGate(root.uri);
    this.#readHeads = new ReadHeads(root.store);
    const commits = new CommitReader(root.store);
    const recover = async (take: LeaseTake): Promise<boolean> => {
      // This process's own published intents are not left for recovery to report, and the
      // intents of its writes in flight are theirs.
      await this.#ctx.ownIntents.settled();
      const outcomes = await recoverPendingWrites(root, commits, take, this.#ctx.ownIntents);
      if (outcomes.length > 0) this.#ctx.heads.forgetAll();
      this.#recovered.push(...outcomes);
      return outcomes.length > 0;
    };
    // Published intents go before the lease does: the next holder finds none to resolve.
    const lease = new WriterLease(
      root.store,
      settings.writer,
      recover,
      () => this.#ctx.ownIntents.settled(),
      () => this.#ctx.ownIntents.listOthers(),
    );
    this.#ctx = {
      root,
      commits,
      schemas: new SchemaReader(root.store),
      lease,
      failpoints: new Failpoints(settings.failpoints),
      gates: new KeyedMutex(),
      heads: new HeadCache(),
      ownIntents: new OwnIntents(root.store, () => {
        // The intent stays: the next take recovers it, so a lingering lease goes now.
        lease.recoveryDue();
        void lease.close();
      }),
      onWritten: (version) => {
        carryWritten(this.#queries, version);
      },
      onBranchesDeleted: (deleted) => {
        forgetDeleted(this.#queries, deleted);
      },
      snapshotOf: (commitId) => this.#snapshotOf(commitId),
    };
    this.#mutations = new MutationBatcher(this.#ctx);
    this.#queries = createQueryServices({
      settings,
      ...(options.embedder === undefined ? {} : { embedder: options.embedder }),
    });
  }

  /**
   * Creates a graph at `uri` from `.pg` source: refuses a root that already holds a graph or
   * schema artifacts (`already_initialized`), creates one empty table per type and publishes a
   * parentless genesis commit on `main`.
   */
  static async init(
    uri: string,
    schemaSource: string,
    options: InitOptions = {},
  ): Promise<Omnigraph> {
    const settings = resolveSettings(options.settings);
    const authorizer = resolveAuthorizer(options);
    const root = await initGraph(uri, schemaSource, {
      cwd: options.cwd,
      s3: settings.s3,
      actor: options.actor ?? null,
      schemaFile: options.schemaFile,
    });
    return new Omnigraph(root, 'read-write', authorizer, options);
  }

  /**
   * Opens the graph at `uri`. A read-write open first resolves writes that died before
   * publishing (unless another live process holds the writer lease).
   */
  static async open(uri: string, options: OpenOptions = {}): Promise<Omnigraph> {
    const settings = resolveSettings(options.settings);
    const authorizer = resolveAuthorizer(options);
    const root = await openGraphRoot(uri, { cwd: options.cwd, s3: settings.s3 });
    const mode = options.mode ?? 'read-write';
    const graph = new Omnigraph(root, mode, authorizer, options);
    if (mode === 'read-write' && (await hasIntents(root.store))) {
      // Taking the lease runs recovery. A live writer holding it owns its intents: leave them
      // (without waiting for it); this handle's next write recovers whatever it leaves.
      if ((await graph.#ctx.lease.tryAcquire()) !== undefined) await graph.#ctx.lease.release();
    }
    return graph;
  }

  /** The graph's canonical URI (`file:///…` or `s3://…`). */
  get uri(): string {
    return this.#root.uri;
  }

  /**
   * What recovery did for this handle: at a read-write open, and whenever a later write of it
   * took the writer lease and found intents of writers that had died meanwhile.
   */
  get recovered(): readonly RecoveryOutcome[] {
    return this.#recovered;
  }

  /**
   * The snapshot of a commit, from a cache of the most recently used ones: a long-running handle
   * (a server) sees a new commit with every write, and each snapshot keeps its own read state.
   */
  #snapshotOf(commitId: string): Promise<Snapshot> {
    return this.#snapshots.get(commitId, async () => {
      const commit = await this.#ctx.commits.read(commitId);
      const schema = await this.#ctx.schemas.read(commit.manifest.schemaId);
      return new Snapshot(commit, schema, this.#root.tables, this.#queries.writeLookups);
    });
  }

  /**
   * The snapshot of a branch head (resolved now) or of a commit: the engine's own view, for
   * tests and tools inside this package.
   *
   * @internal
   */
  async resolve(target: ReadTarget = { branch: MAIN_BRANCH }): Promise<Snapshot> {
    if ('snapshot' in target)
      return this.#snapshotOf((await readCommit(this.#ctx, target.snapshot)).graph_commit_id);
    const head = await this.#readHeads.require(normalizeBranchName(target.branch));
    return this.#snapshotOf(head.commitId);
  }

  /** Resolves a read target and checks `action` on the branch it reads. */
  async #readable(
    target: ReadTarget,
    action: PolicyAction,
    options: CallOptions,
  ): Promise<Snapshot> {
    const snapshot = await this.resolve(target);
    const branch =
      'branch' in target ? normalizeBranchName(target.branch) : snapshot.commit.graph_branch;
    await this.#authorize(options, action, { branch });
    return snapshot;
  }

  async #authorize(
    options: CallOptions,
    action: PolicyAction,
    on: { readonly branch?: string; readonly targetBranch?: string } = {},
  ): Promise<void> {
    await this.#authorizer.authorize({ actor: options.actor ?? null, action, ...on });
  }

  #requireWritable(): void {
    if (this.#mode === 'read-only')
      throw new OmniError('bad_request', `graph ${this.uri} was opened read-only`);
  }

  // Reads

  async query(request: QueryRequest, options: QueryOptions = {}): Promise<QueryResult> {
    return this.#gate.run(async () => {
      const { snapshot, read } = await this.#readQuery(request, options);
      return runReadQuery(snapshot, read, this.#queries, { profile: options.profile === true });
    });
  }

  async explain(request: QueryRequest, options: QueryOptions = {}): Promise<QueryExplainOutput> {
    return this.#gate.run(async () => {
      const { snapshot, read } = await this.#readQuery(request, options);
      return explainReadQuery(snapshot, read, this.#queries);
    });
  }

  /** The snapshot a read query may read (checked), and the query to run on it. */
  async #readQuery(
    request: QueryRequest,
    options: QueryOptions,
  ): Promise<{ snapshot: Snapshot; read: ReadQueryRequest }> {
    const target = readTargetOf(request);
    const snapshot = await this.#readable(target, 'read', options);
    const read = {
      source: request.query,
      name: request.name,
      params: request.params,
      target: resultTarget(target),
      file: options.sourceFile,
    };
    return { snapshot, read };
  }

  async *export(request: ExportRequest = {}, options: CallOptions = {}): AsyncIterable<string> {
    this.#gate.check();
    const snapshot = await this.#readable(readTargetOf(request), 'export', options);
    yield* exportSnapshot(snapshot, request.type_names ?? []);
  }

  async snapshot(
    request: SnapshotRequest = {},
    options: CallOptions = {},
  ): Promise<SnapshotOutput> {
    return this.#gate.run(async () => {
      const target = readTargetOf(request);
      return snapshotOutput(await this.#readable(target, 'read', options), target);
    });
  }

  // Writes

  async mutate(request: ChangeRequest, options: MutateOptions = {}): Promise<ChangeOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      const message = messageOf(options);
      const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
      await this.#authorize(options, 'change', { branch });
      return this.#mutations.submit({
        source: request.query,
        name: request.name,
        params: request.params,
        file: options.sourceFile,
        branch,
        actor: options.actor ?? null,
        message,
        ifCommit: options.ifCommit,
        groupCommit: options.groupCommit !== false,
      });
    });
  }

  async load(request: LoadRequest, options: LoadOptions = {}): Promise<LoadOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      // Checked first: a rejected message must not leave the branch a load forks for itself.
      const message = messageOf(options);
      // The type allows three modes; callers in plain JavaScript (and fuzzers) pass anything.
      const mode = request.mode === undefined ? 'merge' : parseLoadMode(request.mode);
      const source = loadSourceOf(request.data, this.#cwd);
      const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
      const actor = options.actor ?? null;
      const created = await this.#forkForLoad(branch, request.from, options);
      let loaded: Awaited<ReturnType<typeof loadBatch>>;
      try {
        loaded = await loadBatch(this.#ctx, {
          source,
          mode,
          branch,
          actor,
          message,
          onProgress: options.onProgress,
        });
      } catch (error) {
        if (created) await this.#dropUnusedFork(created);
        throw error;
      }
      const counts = [...loaded.counts.values()]
        .map((c) => ({ kind: c.kind, name: c.name, entities_loaded: c.entities }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const nodes = counts.filter((c) => c.kind === 'node').map(({ kind: _, ...c }) => c);
      const edges = counts.filter((c) => c.kind === 'edge').map(({ kind: _, ...c }) => c);
      return {
        uri: this.uri,
        branch,
        mode,
        ...(request.from === undefined ? {} : { base_branch: request.from }),
        branch_created: created !== undefined,
        nodes,
        edges,
        total_entities: counts.reduce((sum, c) => sum + c.entities_loaded, 0),
        ...actorField(actor),
        commit: loaded.commit ? commitInfo(loaded.commit) : null,
      };
    });
  }

  /**
   * Checks a load may write `branch`, forking it from `from` first when it does not exist
   * (which needs `branch_create` too). Returns the fork, if one was made.
   */
  async #forkForLoad(
    branch: string,
    from: string | undefined,
    options: CallOptions,
  ): Promise<BranchHead | undefined> {
    // The write to come then only checks the head it reads here.
    const known =
      this.#ctx.heads.lastKnown(branch) ?? (await this.#ctx.heads.read(this.#root.store, branch));
    if (known) {
      await this.#authorize(options, 'change', { branch });
      return undefined;
    }
    if (from === undefined) {
      throw new OmniError('not_found', `branch '${branch}' not found; pass \`from\` to create it`, {
        details: { branch },
      });
    }
    await this.#authorize(options, 'branch_create', { branch: from.trim(), targetBranch: branch });
    await this.#authorize(options, 'change', { branch });
    return createBranch(this.#ctx, branch, from);
  }

  /**
   * A rejected load changes nothing: the branch it forked for itself goes again, unless a
   * commit reached it meanwhile (then it is no longer this load's to drop).
   */
  async #dropUnusedFork(created: BranchHead): Promise<void> {
    const head = await readHead(this.#root.store, created.branch);
    if (head?.value.incarnation !== created.incarnation) return;
    if (head.value.commitId !== created.commitId) return;
    await deleteBranch(this.#ctx, created.branch).catch(() => undefined);
  }

  // Branches

  async createBranch(
    request: BranchCreateRequest,
    options: CallOptions = {},
  ): Promise<BranchCreateOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      const from = request.from ?? MAIN_BRANCH;
      await this.#authorize(options, 'branch_create', {
        branch: from.trim(),
        targetBranch: request.name.trim(),
      });
      const head = await createBranch(this.#ctx, request.name, from);
      return { uri: this.uri, from, name: head.branch, ...actorField(options.actor ?? null) };
    });
  }

  async listBranches(options: CallOptions = {}): Promise<BranchListOutput> {
    return this.#gate.run(async () => {
      await this.#authorize(options, 'read');
      return { branches: await listBranchNames(this.#ctx) };
    });
  }

  async deleteBranch(name: string, options: CallOptions = {}): Promise<BranchDeleteOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      await this.#authorize(options, 'branch_delete', { targetBranch: name.trim() });
      await deleteBranch(this.#ctx, name);
      return {
        uri: this.uri,
        name: normalizeBranchName(name),
        ...actorField(options.actor ?? null),
      };
    });
  }

  async mergeBranch(
    request: BranchMergeRequest,
    options: WriteOptions = {},
  ): Promise<BranchMergeOutput> {
    return this.#gate.run(async () => {
      if (request.dry_run === true && request.delete_branch === true)
        throw new OmniError('bad_request', 'a dry-run merge cannot delete the branch', {
          details: { dry_run: true, delete_branch: true },
        });
      if (request.dry_run !== true) this.#requireWritable();
      const message = messageOf(options);
      const actor = options.actor ?? null;
      const target = normalizeBranchName(request.target ?? MAIN_BRANCH);
      const source = normalizeBranchName(request.source);
      await this.#authorize(options, 'branch_merge', { branch: source, targetBranch: target });
      if (request.dry_run === true) {
        const planned = await dryRunMerge(this.#ctx, { source, target });
        return { ...planned, ...actorField(actor), dry_run: true };
      }
      const merged = {
        ...(await mergeBranch(this.#ctx, { source, target, actor, message })),
        ...actorField(actor),
      };
      if (request.delete_branch !== true) return merged;
      try {
        await this.deleteBranch(source, options);
        return { ...merged, branch_deleted: true };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ...merged, branch_deleted: false, branch_delete_error: reason };
      }
    });
  }

  // History

  async listCommits(
    request: CommitListRequest = {},
    options: CallOptions = {},
  ): Promise<CommitListOutput> {
    return this.#gate.run(async () => {
      const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
      await this.#authorize(options, 'read', { branch });
      return { commits: await listCommits(this.#ctx, branch) };
    });
  }

  async showCommit(commitId: string, options: CallOptions = {}): Promise<CommitOutput> {
    return this.#gate.run(async () => {
      const commit = await readCommit(this.#ctx, commitId);
      await this.#authorize(options, 'read', { branch: commit.graph_branch });
      return commitInfo(commit);
    });
  }

  async commitChanges(
    commitId: string,
    request: CommitChangesRequest = {},
    options: CallOptions = {},
  ): Promise<CommitChangesOutput> {
    return this.#gate.run(async () => {
      const commit = await readCommit(this.#ctx, commitId);
      await this.#authorize(options, 'read', { branch: commit.graph_branch });
      return commitChanges(this.#ctx, commit.graph_commit_id, changesOptions(request));
    });
  }

  async diffBetween(
    request: DiffBetweenRequest,
    options: CallOptions = {},
  ): Promise<DiffBetweenOutput> {
    return this.#gate.run(async () => {
      const sides = await diffSides(this.#ctx, request);
      for (const side of sides.refs) {
        try {
          await this.#authorize(options, 'read', { branch: side.branch });
        } catch (error) {
          // A commit of a branch the actor may not read does not exist for that actor.
          if (side.byCommit && error instanceof OmniError && error.code === 'forbidden')
            throw refNotFound(side.ref);
          throw error;
        }
      }
      const page = await diffBetween(this.#ctx, sides.from, sides.to, changesOptions(request));
      return {
        from_commit_id: sides.from,
        to_commit_id: sides.to,
        ...(sides.into === undefined ? {} : { into: sides.into }),
        ...page,
      };
    });
  }

  /**
   * One page of a poll of a branch's change feed (`read` on the branch). Besides the call's
   * options, `maxCommits` (default 128, at most 512) bounds the commits one poll walks and
   * `pageBytes` (default 4 MiB, at most 32 MiB) a page's encoded changes.
   */
  async pollChanges(
    request: ChangeFeedRequest = {},
    options: CallOptions & ChangeFeedPollOptions = {},
  ): Promise<ChangeFeedOutput> {
    return this.#gate.run(async () => {
      const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
      await this.#authorize(options, 'read', { branch });
      return pollChangeFeed(this.#ctx, { ...request, branch }, options);
    });
  }

  /** A baseline of a branch's change feed (`export` on the branch): entity lines, then the cursor. */
  async *changesBaseline(
    request: ChangesBaselineRequest = {},
    options: CallOptions = {},
  ): AsyncIterable<string> {
    this.#gate.check();
    const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
    await this.#authorize(options, 'export', { branch });
    yield* changesBaseline(this.#ctx, { ...request, branch });
  }

  // Schema

  async getSchema(options: CallOptions = {}): Promise<SchemaOutput> {
    return this.#gate.run(async () => {
      await this.#authorize(options, 'read');
      return { schema_source: (await this.resolve()).schema.source };
    });
  }

  async planSchema(
    request: SchemaApplyRequest,
    options: SchemaOptions = {},
  ): Promise<SchemaApplyOutput> {
    return this.#gate.run(async () => {
      await this.#authorize(options, 'read', { branch: MAIN_BRANCH });
      return this.#schemaChange(request, options, false);
    });
  }

  async applySchema(
    request: SchemaApplyRequest,
    options: SchemaOptions = {},
  ): Promise<SchemaApplyOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      const message = messageOf(options);
      await this.#authorize(options, 'schema_apply', { targetBranch: MAIN_BRANCH });
      return this.#schemaChange(request, { ...options, message }, true);
    });
  }

  async #schemaChange(
    request: SchemaApplyRequest,
    options: SchemaOptions,
    apply: boolean,
  ): Promise<SchemaApplyOutput> {
    const result = await applySchema(this.#ctx, request.schema_source, {
      apply,
      allowDataLoss: request.allow_data_loss === true,
      actor: options.actor ?? null,
      ...(apply ? { message: options.message } : {}),
      file: options.sourceFile,
    });
    return {
      uri: this.uri,
      supported: result.supported,
      applied: result.applied,
      step_count: result.steps.length,
      graph_manifest_version: result.graph_manifest_version,
      steps: result.steps,
    };
  }

  // Maintenance (direct access only)

  async optimize(options: WriteOptions = {}): Promise<OptimizeOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      const message = messageOf(options);
      await this.#authorize(options, 'change', { branch: MAIN_BRANCH });
      return optimizeGraph(this.#ctx, { actor: options.actor ?? null, message });
    });
  }

  async cleanup(request: CleanupRequest, options: CallOptions = {}): Promise<CleanupOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      await this.#authorize(options, 'change', { branch: MAIN_BRANCH });
      return cleanupGraph(this.#ctx, {
        ...(request.keep_versions === undefined ? {} : { keepVersions: request.keep_versions }),
        ...(request.older_than_secs === undefined
          ? {}
          : { olderThanSecs: request.older_than_secs }),
        confirm: request.confirm,
        actor: options.actor ?? null,
      });
    });
  }

  async ensureIndices(
    request: { readonly branch?: string } = {},
    options: WriteOptions = {},
  ): Promise<EnsureIndicesOutput> {
    return this.#gate.run(async () => {
      this.#requireWritable();
      const message = messageOf(options);
      const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
      // Index builds publish a commit: a change of the branch like any other write.
      await this.#authorize(options, 'change', { branch });
      return ensureIndices(this.#ctx, branch, options.actor ?? null, message);
    });
  }

  /**
   * Closes the handle: new operations are refused (`conflict`), the running ones (writes queued
   * for a group commit included) are waited for, then the writer lease and the tables are
   * released. Closing again waits for the same close.
   */
  close(): Promise<void> {
    this.#closing ??= this.#gate.close().then(async () => {
      await this.#ctx.ownIntents.settled();
      // A lease kept for a next write is released now, not when its linger time runs out.
      await this.#ctx.lease.close();
      this.#root.tables.close();
    });
    return this.#closing;
  }
}

/** The checked message of a write's options: undefined for none; a bad one is a `bad_request`. */
function messageOf(options: WriteOptions): string | undefined {
  return commitMessageOf(options.message, 'message');
}

/** The `actor_id` of an output: present only when an actor acted. */
function actorField(actor: string | null): { readonly actor_id?: string } {
  return actor === null ? {} : { actor_id: actor };
}

/** The filters and paging of a changes request (`commit changes`, `branch diff`), engine-side. */
function changesOptions(request: CommitChangesRequest): CommitChangesOptions {
  return {
    ...(request.kind === undefined ? {} : { kinds: request.kind }),
    ...(request.type === undefined ? {} : { types: request.type }),
    ...(request.op === undefined ? {} : { ops: request.op }),
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...(request.page_token === undefined ? {} : { pageToken: request.page_token }),
  };
}
