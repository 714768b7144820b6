import { newUlid } from '../util/ulid.js';
import { typeKey } from '../compiler/catalog/catalog-lookup.js';
import { compileSchema } from '../compiler/schema/compile-schema.js';
import { writeJson, readJsonIfExists } from '../storage/json-object.js';
import { PutModes } from '../storage/object-store.js';
import { allowAll, type Authorizer } from '../policy/authorizer.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { OmniError } from '../util/omni-error.js';
import { createHead, readHead, requireHead, type BranchHead } from './branch-head.js';
import { MAIN_BRANCH, normalizeBranchName } from './branch-name.js';
import { createBranch, deleteBranch, listBranchNames } from './branch-ops.js';
import { listCommits, readCommit } from './commit-log.js';
import {
  CommitReader,
  commitInfo,
  nowMicros,
  writeCommitRecord,
  type CommitInfo,
  type CommitRecord,
  type ManifestEntry,
} from './commit-record.js';
import { exportSnapshot } from './exporter.js';
import type { GraphContext } from './graph-context.js';
import { GRAPH_FORMAT_VERSION, GraphKeys, TABLES_DIR } from './graph-layout.js';
import { connectGraphRoot, locateGraphRoot, type GraphRoot } from './graph-root.js';
import type {
  BranchCreateResult,
  BranchDeleteResult,
  ExportOptions,
  Graph,
  LoadOptions,
  LoadResult,
  ReadTarget,
  SnapshotResult,
  TypeLoadCount,
} from './graph-types.js';
import { loadBatch } from './loader.js';
import type { LoadSource } from './load/ndjson-source.js';
import { listIntents } from './recovery-intent.js';
import { recoverPendingWrites, type RecoveryOutcome } from './recovery.js';
import { SchemaReader, writeAcceptedSchema } from './schema-store.js';
import { Snapshot } from './snapshot.js';
import { tableNameFor } from './table-naming.js';
import { ensureIndices, type EnsureIndicesResult } from './search/ensure-indices.js';
import {
  createQueryServices,
  resultTarget,
  runReadQuery,
  type QueryOptions,
  type QueryServices,
  type ReadResult,
} from './query/index.js';
import { DEFAULT_LEASE_OPTIONS, WriterLease } from './writer-lease.js';
import { runMutation, type MutateOptions, type MutationResult } from './mutation/run-mutation.js';
import { mergeBranch, type MergeResult } from './merge/merge-branch.js';
import {
  commitChanges,
  type CommitChangesOptions,
  type CommitChangesPage,
} from './changes/commit-changes.js';
import { applySchema, type SchemaApplyResult } from './schema-apply/apply-schema.js';
import { optimizeGraph, type OptimizeResult } from './maintenance/optimize.js';
import { cleanupGraph, type CleanupOptions, type CleanupResult } from './maintenance/cleanup.js';

/** How a graph is opened. Read-only opens never write: no recovery, no lease. */
export type OpenMode = 'read-write' | 'read-only';

/** Options of {@link Omnigraph.open}. */
export interface OpenOptions {
  readonly mode?: OpenMode;
  /** Directory relative paths resolve against; the process's by default. */
  readonly cwd?: string;
  /** Decides every write before it has an effect; allows everything by default. */
  readonly authorizer?: Authorizer;
}

/** Options of {@link Omnigraph.init}. */
export interface InitOptions {
  readonly actor?: string | null;
  readonly cwd?: string;
  readonly authorizer?: Authorizer;
}

interface GraphMarker {
  readonly format_version: number;
  readonly created_at: number;
}

/**
 * An OmniGraph graph, embedded in this process.
 *
 * @example
 * const graph = await Omnigraph.init('./people', 'node Person { name: String @key }');
 * await graph.load({ kind: 'text', text: '{"type":"Person","data":{"name":"Ada"}}' }, { mode: 'merge' });
 * for await (const line of graph.exportLines()) console.log(line);
 * await graph.close();
 */
export class Omnigraph implements Graph {
  readonly #root: GraphRoot;
  readonly #mode: OpenMode;
  readonly #ctx: GraphContext;
  readonly #snapshots = new Map<string, Promise<Snapshot>>();
  readonly #recovered: RecoveryOutcome[] = [];
  readonly #authorizer: Authorizer;

  private constructor(root: GraphRoot, mode: OpenMode, authorizer: Authorizer = allowAll) {
    this.#root = root;
    this.#mode = mode;
    this.#authorizer = authorizer;
    const commits = new CommitReader(root.store);
    const recover = async (): Promise<void> => {
      this.#recovered.push(...(await recoverPendingWrites(root, commits)));
    };
    this.#ctx = {
      root,
      commits,
      schemas: new SchemaReader(root.store),
      lease: new WriterLease(root.store, DEFAULT_LEASE_OPTIONS, recover),
      gates: new KeyedMutex(),
      snapshotOf: (commitId) => this.#snapshotOf(commitId),
    };
  }

  /**
   * What recovery did for this handle: at a read-write open, and whenever a later write of it
   * took the writer lease and found intents of writers that had died meanwhile.
   */
  get recovered(): readonly RecoveryOutcome[] {
    return this.#recovered;
  }

  get uri(): string {
    return this.#root.uri;
  }

  /**
   * Creates a graph at `uri` from `.pg` source: refuses a root that already holds a graph or
   * schema artifacts (`already_initialized`), creates one empty table per type and publishes
   * a parentless genesis commit on `main`.
   */
  static async init(
    uri: string,
    schemaSource: string,
    options: InitOptions = {},
  ): Promise<Omnigraph> {
    const catalog = compileSchema(schemaSource);
    const location = locateGraphRoot(uri, options.cwd);
    // Checked through the store, before Lance connects (which creates the tables directory).
    for (const prefix of [GraphKeys.metaPrefix, `${TABLES_DIR}/`]) {
      const existing = await location.store.list(prefix, { maxKeys: 1 });
      if (existing.objects.length > 0) throw alreadyInitialized(location.uri);
    }
    try {
      const marker: GraphMarker = { format_version: GRAPH_FORMAT_VERSION, created_at: nowMicros() };
      await writeJson(location.store, GraphKeys.marker, marker, PutModes.create);
    } catch (error) {
      if (error instanceof OmniError && error.code === 'precondition_failed')
        throw alreadyInitialized(location.uri);
      throw error;
    }
    const root = await connectGraphRoot(location);
    const schema = await writeAcceptedSchema(root.store, schemaSource, catalog);
    const tables: Record<string, ManifestEntry> = {};
    for (const type of [...catalog.nodeTypes, ...catalog.edgeTypes]) {
      const name = tableNameFor(type);
      const pin = await root.tables.createTable(name, type.columns);
      tables[typeKey(type)] = {
        table: name,
        branch: pin.branch,
        version: pin.version,
        rowCount: 0,
      };
    }
    const genesis: CommitRecord = {
      graph_commit_id: newUlid(),
      graph_branch: MAIN_BRANCH,
      graph_manifest_version: 1,
      parent_commit_id: null,
      merged_parent_commit_id: null,
      actor_id: options.actor ?? null,
      created_at: nowMicros(),
      manifest: { schemaId: schema.id, tables },
    };
    await writeCommitRecord(root.store, genesis);
    await createHead(root.store, {
      branch: MAIN_BRANCH,
      incarnation: newUlid(),
      lanceBranch: MAIN_BRANCH,
      forkedFrom: null,
      commitId: genesis.graph_commit_id,
    });
    return new Omnigraph(root, 'read-write', options.authorizer);
  }

  /**
   * Opens the graph at `uri`. A read-write open first resolves writes that died before
   * publishing (unless another live process holds the writer lease).
   */
  static async open(uri: string, options: OpenOptions = {}): Promise<Omnigraph> {
    const location = locateGraphRoot(uri, options.cwd);
    const marker = await readJsonIfExists<GraphMarker>(location.store, GraphKeys.marker);
    if (!marker)
      throw new OmniError('not_found', `no graph at ${location.uri} (run 'omnigraph init' first)`);
    if (marker.value.format_version > GRAPH_FORMAT_VERSION) {
      throw new OmniError(
        'configuration',
        `graph at ${location.uri} has format ${marker.value.format_version}; upgrade omnigraph first`,
      );
    }
    if (!(await readHead(location.store, MAIN_BRANCH))) {
      throw new OmniError(
        'internal',
        `graph at ${location.uri} has no main branch: its init did not complete`,
      );
    }
    const root = await connectGraphRoot(location);
    const mode = options.mode ?? 'read-write';
    const graph = new Omnigraph(root, mode, options.authorizer);
    if (mode === 'read-write' && (await listIntents(root.store)).length > 0) {
      // Taking the lease runs recovery. A live writer holding it owns its intents: leave them
      // (without waiting for it); this handle's next write recovers whatever it leaves.
      if ((await graph.#ctx.lease.tryAcquire()) !== undefined) await graph.#ctx.lease.release();
    }
    return graph;
  }

  #snapshotOf(commitId: string): Promise<Snapshot> {
    let pending = this.#snapshots.get(commitId);
    if (!pending) {
      pending = this.#ctx.commits.read(commitId).then(async (commit) => {
        const schema = await this.#ctx.schemas.read(commit.manifest.schemaId);
        return new Snapshot(commit, schema, this.#root.tables);
      });
      pending.catch(() => this.#snapshots.delete(commitId));
      this.#snapshots.set(commitId, pending);
    }
    return pending;
  }

  /** The snapshot of a branch head (resolved now) or of a commit. */
  async resolve(target: ReadTarget = { branch: MAIN_BRANCH }): Promise<Snapshot> {
    if ('snapshot' in target)
      return this.#snapshotOf((await readCommit(this.#ctx, target.snapshot)).graph_commit_id);
    const head = await requireHead(this.#root.store, normalizeBranchName(target.branch));
    return this.#snapshotOf(head.value.commitId);
  }

  #requireWritable(): void {
    if (this.#mode === 'read-only')
      throw new OmniError('bad_request', `graph ${this.uri} was opened read-only`);
  }

  async load(source: LoadSource, options: LoadOptions): Promise<LoadResult> {
    this.#requireWritable();
    const branch = normalizeBranchName(options.branch ?? MAIN_BRANCH);
    const actor = options.actor ?? null;
    let created: BranchHead | undefined;
    if (!(await readHead(this.#root.store, branch))) {
      if (options.from === undefined) {
        throw new OmniError('not_found', `branch '${branch}' not found; pass --from to create it`, {
          details: { branch },
        });
      }
      await this.#authorizer.authorize({
        actor,
        action: 'branch_create',
        branch: options.from,
        targetBranch: branch,
      });
      await this.#authorizer.authorize({ actor, action: 'change', branch });
      created = await createBranch(this.#ctx, branch, options.from);
    } else {
      await this.#authorizer.authorize({ actor, action: 'change', branch });
    }
    let loaded: Awaited<ReturnType<typeof loadBatch>>;
    try {
      loaded = await loadBatch(this.#ctx, {
        source,
        mode: options.mode,
        branch,
        actor: options.actor ?? null,
        onProgress: options.onProgress,
      });
    } catch (error) {
      if (created) await this.#dropUnusedFork(created);
      throw error;
    }
    const { counts, commit } = loaded;
    const byName = (kind: 'node' | 'edge'): TypeLoadCount[] =>
      [...counts.values()]
        .filter((c) => c.kind === kind)
        .map((c) => ({ name: c.name, entities_loaded: c.entities }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const nodes = byName('node');
    const edges = byName('edge');
    return {
      uri: this.uri,
      branch,
      mode: options.mode,
      ...(options.from === undefined ? {} : { base_branch: options.from }),
      branch_created: created !== undefined,
      nodes,
      edges,
      total_entities: [...nodes, ...edges].reduce((sum, c) => sum + c.entities_loaded, 0),
      commit: commit ? commitInfo(commit) : null,
    };
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

  async *exportLines(options: ExportOptions = {}): AsyncIterable<string> {
    yield* exportSnapshot(await this.resolve(options.target), options.types ?? []);
  }

  async snapshot(target: ReadTarget = { branch: MAIN_BRANCH }): Promise<SnapshotResult> {
    const snapshot = await this.resolve(target);
    return {
      graph_branch:
        'branch' in target ? normalizeBranchName(target.branch) : snapshot.commit.graph_branch,
      graph_commit_id: snapshot.commit.graph_commit_id,
      graph_manifest_version: snapshot.commit.graph_manifest_version,
      internal_schema_version: GRAPH_FORMAT_VERSION,
      datasets: snapshot.types().map(({ key, type }) => {
        const entry = snapshot.entry(key);
        return {
          entity_kind: type.kind,
          type_name: type.name,
          dataset_path: `tables/${entry.table}.lance`,
          published_dataset_version: entry.version,
          native_dataset_branch: entry.branch === MAIN_BRANCH ? null : entry.branch,
          entity_count: entry.rowCount,
        };
      }),
    };
  }

  async createBranch(
    name: string,
    options: { from?: string; actor?: string | null } = {},
  ): Promise<BranchCreateResult> {
    this.#requireWritable();
    const from = options.from ?? MAIN_BRANCH;
    await this.#authorizer.authorize({
      actor: options.actor ?? null,
      action: 'branch_create',
      branch: from,
      targetBranch: name.trim(),
    });
    const head = await createBranch(this.#ctx, name, from);
    return { uri: this.uri, from, name: head.branch, actor_id: options.actor ?? null };
  }

  listBranches(): Promise<readonly string[]> {
    return listBranchNames(this.#ctx);
  }

  async deleteBranch(
    name: string,
    options: { actor?: string | null } = {},
  ): Promise<BranchDeleteResult> {
    this.#requireWritable();
    await this.#authorizer.authorize({
      actor: options.actor ?? null,
      action: 'branch_delete',
      targetBranch: name.trim(),
    });
    await deleteBranch(this.#ctx, name);
    return { uri: this.uri, name: normalizeBranchName(name), actor_id: options.actor ?? null };
  }

  listCommits(options: { branch?: string } = {}): Promise<readonly CommitInfo[]> {
    return listCommits(this.#ctx, normalizeBranchName(options.branch ?? MAIN_BRANCH));
  }

  async showCommit(commitId: string): Promise<CommitInfo> {
    return commitInfo(await readCommit(this.#ctx, commitId));
  }

  async schemaSource(): Promise<string> {
    return (await this.resolve()).schema.source;
  }

  async close(): Promise<void> {
    // A lease kept for a next write is released now, not when its linger time runs out.
    await this.#ctx.lease.close();
    this.#root.tables.close();
  }

  // Reads: query execution, and the indexes it uses.
  #queries: QueryServices | undefined;

  /**
   * Runs a read query (`.gq` source; `name` picks one of several) against a branch head (default
   * `main`) or a commit, on one pinned snapshot.
   *
   * @example (await graph.query(source, { name: 'get_person', params: { name: 'Alice' } })).rows
   */
  async query(source: string, options: QueryOptions = {}): Promise<ReadResult> {
    this.#queries ??= createQueryServices();
    const target = options.target ?? { branch: MAIN_BRANCH };
    const snapshot = await this.resolve(target);
    const request = {
      source,
      name: options.name,
      params: options.params,
      target: resultTarget(target),
    };
    return runReadQuery(snapshot, request, this.#queries);
  }

  /**
   * Builds the indexes the catalog declares on a branch head (default `main`) and publishes them
   * as one commit; idempotent, and reports what it deferred. See `search/ensure-indices.ts`.
   */
  async ensureIndices(
    options: { branch?: string; actor?: string | null } = {},
  ): Promise<EnsureIndicesResult> {
    this.#requireWritable();
    const branch = normalizeBranchName(options.branch ?? MAIN_BRANCH);
    const actor = options.actor ?? null;
    // Index builds publish a commit: a change of the branch like any other write.
    await this.#authorizer.authorize({ actor, action: 'change', branch });
    return ensureIndices(this.#ctx, branch, actor);
  }

  // Writes beyond load: mutations, merge, schema evolution, maintenance.

  /**
   * Runs a mutation query (insert/update/delete) as one atomic commit on a branch (default
   * `main`); `ifCommit` makes it conditional on the branch head.
   */
  async mutate(source: string, options: MutateOptions = {}): Promise<MutationResult> {
    this.#requireWritable();
    const branch = normalizeBranchName(options.branch ?? MAIN_BRANCH);
    await this.#authorizer.authorize({ actor: options.actor ?? null, action: 'change', branch });
    return runMutation(this.#ctx, source, { ...options, branch });
  }

  /**
   * Merges branch `source` into `into` (default `main`): three-way, entity-level. With
   * `deleteBranch`, deletes the source afterwards; a refused delete is reported, not raised.
   */
  async mergeBranch(
    source: string,
    options: { into?: string; actor?: string | null; deleteBranch?: boolean } = {},
  ): Promise<MergeResult & { readonly branch_deleted?: boolean; readonly warning?: string }> {
    this.#requireWritable();
    const actor = options.actor ?? null;
    const target = normalizeBranchName(options.into ?? MAIN_BRANCH);
    const from = normalizeBranchName(source);
    await this.#authorizer.authorize({
      actor,
      action: 'branch_merge',
      branch: from,
      targetBranch: target,
    });
    const result = await mergeBranch(this.#ctx, { source: from, target, actor });
    if (options.deleteBranch !== true) return result;
    try {
      await this.deleteBranch(from, { actor });
      return { ...result, branch_deleted: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ...result,
        branch_deleted: false,
        warning: `branch '${from}' not deleted: ${reason}`,
      };
    }
  }

  /** The exact entity diff of a commit against its first parent, one page at a time. */
  commitChanges(commitId: string, options: CommitChangesOptions = {}): Promise<CommitChangesPage> {
    return commitChanges(this.#ctx, commitId, options);
  }

  /** The migration from the accepted schema to `source`, without applying it. */
  planSchema(
    source: string,
    options: { allowDataLoss?: boolean } = {},
  ): Promise<SchemaApplyResult> {
    return applySchema(this.#ctx, source, {
      apply: false,
      allowDataLoss: options.allowDataLoss === true,
      actor: null,
    });
  }

  /** Applies a new schema on `main` (refused while other branches exist). */
  async applySchema(
    source: string,
    options: { allowDataLoss?: boolean; actor?: string | null } = {},
  ): Promise<SchemaApplyResult> {
    this.#requireWritable();
    const actor = options.actor ?? null;
    await this.#authorizer.authorize({ actor, action: 'schema_apply', branch: MAIN_BRANCH });
    return applySchema(this.#ctx, source, {
      apply: true,
      allowDataLoss: options.allowDataLoss === true,
      actor,
    });
  }

  /** Compacts every table of `main` and reconciles its indexes, as one commit. */
  async optimize(options: { actor?: string | null } = {}): Promise<OptimizeResult> {
    this.#requireWritable();
    const actor = options.actor ?? null;
    await this.#authorizer.authorize({ actor, action: 'change', branch: MAIN_BRANCH });
    return optimizeGraph(this.#ctx, { actor });
  }

  /** Garbage-collects table versions no live branch or retained commit pins. */
  async cleanup(options: CleanupOptions & { actor?: string | null }): Promise<CleanupResult> {
    this.#requireWritable();
    await this.#authorizer.authorize({
      actor: options.actor ?? null,
      action: 'change',
      branch: MAIN_BRANCH,
    });
    return cleanupGraph(this.#ctx, options);
  }
}

function alreadyInitialized(uri: string): OmniError {
  return new OmniError(
    'already_initialized',
    `${uri} already holds a graph or graph artifacts; init refuses to overwrite it`,
    {
      details: { uri },
    },
  );
}
