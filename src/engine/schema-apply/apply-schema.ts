import { migrationStepToJson, type JsonObject } from '../../compiler/migration/migration-json.js';
import type { MigrationPlan } from '../../compiler/migration/migration-step.js';
import { renderMigrationStep } from '../../compiler/migration/render-step.js';
import { OmniError } from '../../util/omni-error.js';
import {
  requireHead,
  MAIN_BRANCH,
  type ManifestEntry,
  writeAcceptedSchema,
} from '../root/index.js';
import { BRANCH_NAMES_GATE, listBranchNames } from '../branch/index.js';
import {
  type GraphContext,
  runWrite,
  type CommitShape,
  type WritePlan,
  type WriteSession,
} from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { checkExistingData } from './existing-data-check.js';
import { planSchemaChange, type SchemaChange } from './schema-change.js';
import { tableEffects, type CreatedTable, type TableEffects } from './table-effects.js';

/**
 * Result of `schema plan` / `schema apply` (docs/guide/schema-evolution.md); `steps` as
 * `migration-json.ts` writes them.
 */
export interface SchemaApplyResult {
  readonly supported: boolean;
  readonly applied: boolean;
  /** The new commit's manifest version when applied; else main's current one. */
  readonly graph_manifest_version: number;
  readonly steps: readonly JsonObject[];
}

/** Options of {@link applySchema}. */
export interface ApplySchemaOptions {
  /** False: plan only, change nothing. */
  readonly apply: boolean;
  /** Drops become `hard` (`--allow-data-loss`). */
  readonly allowDataLoss: boolean;
  readonly actor: string | null;
  /** Recorded on the commit (already checked); absent for none. */
  readonly message?: string | undefined;
  /** The schema's file name, for errors. */
  readonly file: string | undefined;
}

/** Graphs of this process with a schema apply running (the in-process half of the lock). */
const applying = new WeakSet<GraphContext>();

/**
 * Plans (and with `apply`, applies) a new schema on `main`. An apply is refused while other
 * branches exist, while another apply runs, when the plan is unsupported, or when existing data
 * breaks a new constraint; refused, it changes nothing. Applied, it publishes one commit with
 * the new schema under the write protocol (writer kind `schema_apply`), and a crash leaves the
 * graph exactly before or after it.
 */
export async function applySchema(
  ctx: GraphContext,
  source: string,
  options: ApplySchemaOptions,
): Promise<SchemaApplyResult> {
  if (!options.apply) return planOnly(ctx, source, options);
  if (applying.has(ctx))
    throw new OmniError('conflict', 'schema apply is already in progress on this graph');
  applying.add(ctx);
  try {
    // Holding the branch namespace: no branch can appear while the apply runs.
    return await ctx.gates.run(BRANCH_NAMES_GATE, () => applyOnMain(ctx, source, options));
  } finally {
    applying.delete(ctx);
  }
}

async function planOnly(
  ctx: GraphContext,
  source: string,
  options: ApplySchemaOptions,
): Promise<SchemaApplyResult> {
  const head = await requireHead(ctx.root.store, MAIN_BRANCH);
  const base = await ctx.snapshotOf(head.value.commitId);
  const { plan } = planSchemaChange(base, source, options);
  return result(plan, false, base.commit.graph_manifest_version);
}

function result(plan: MigrationPlan, applied: boolean, version: number): SchemaApplyResult {
  return {
    supported: plan.supported,
    applied,
    graph_manifest_version: version,
    steps: plan.steps.map(migrationStepToJson),
  };
}

interface ApplyPlan extends WritePlan {
  readonly base: Snapshot;
  readonly change: SchemaChange;
  readonly effects: TableEffects;
}

interface ApplyEffects {
  readonly schemaId: string | null;
  readonly created: Readonly<Record<string, ManifestEntry>>;
  readonly written: Readonly<Record<string, ManifestEntry>>;
}

async function applyOnMain(
  ctx: GraphContext,
  source: string,
  options: ApplySchemaOptions,
): Promise<SchemaApplyResult> {
  let prepared: ApplyPlan | undefined;
  const outcome = await runWrite(ctx, {
    kind: 'schema_apply',
    operation: 'schema_apply',
    branch: MAIN_BRANCH,
    actor: options.actor,
    message: options.message,
    prepare: async (base): Promise<ApplyPlan> => {
      prepared = await prepareApply(ctx, base, source, options);
      return prepared;
    },
    apply: (plan, session) => applyEffects(ctx, plan, session),
    shape: commitShape,
  });
  if (prepared === undefined) throw new OmniError('internal', 'schema apply was not prepared');
  const version =
    outcome.commit?.graph_manifest_version ?? prepared.base.commit.graph_manifest_version;
  return result(prepared.change.plan, outcome.commit !== null, version);
}

/** Every check before any effect: only main, a supported plan, data meeting new constraints. */
async function prepareApply(
  ctx: GraphContext,
  base: Snapshot,
  source: string,
  options: ApplySchemaOptions,
): Promise<ApplyPlan> {
  await requireOnlyMain(ctx);
  const change = planSchemaChange(base, source, options);
  requireSupported(change.plan);
  if (change.plan.steps.length === 0) {
    const none: TableEffects = { created: [], altered: [], renamed: new Map(), dropped: [] };
    return { tables: [], base, change, effects: none };
  }
  await checkExistingData(base, change.desired, change.plan.steps);
  const effects = await tableEffects(base, change.desired, options.allowDataLoss);
  await requireNewTablesAbsent(ctx, effects.created);
  return {
    tables: effects.altered.map((altered) => altered.tableKey),
    createdTables: effects.created.map(({ tableKey, table }) => ({ tableKey, table })),
    base,
    change,
    effects,
  };
}

async function requireOnlyMain(ctx: GraphContext): Promise<void> {
  const others = (await listBranchNames(ctx)).filter((name) => name !== MAIN_BRANCH);
  if (others.length === 0) return;
  throw new OmniError(
    'conflict',
    `schema apply requires a graph with only main; found non-main branches: ${others.join(', ')}`,
    { details: { branches: others } },
  );
}

function requireSupported(plan: MigrationPlan): void {
  if (plan.supported) return;
  const unsupported = plan.steps.filter((step) => step.kind === 'unsupported_change');
  throw new OmniError(
    'bad_request',
    `schema apply refused: the migration has unsupported changes (run 'omnigraph schema plan' to see the whole plan):\n${unsupported.map((step) => `- ${renderMigrationStep(step)}`).join('\n')}`,
    { details: { steps: unsupported.map(migrationStepToJson) } },
  );
}

/**
 * A new type's table is named by its fresh stable id, so it cannot exist; one that does is left
 * over from outside the protocol, and creating (then undoing) it must not touch it.
 */
async function requireNewTablesAbsent(
  ctx: GraphContext,
  created: readonly CreatedTable[],
): Promise<void> {
  if (created.length === 0) return;
  const existing = new Set(await ctx.root.tables.tableNames());
  const clash = created.find((table) => existing.has(table.table));
  if (clash === undefined) return;
  throw new OmniError(
    'conflict',
    `cannot add ${clash.tableKey}: its table '${clash.table}' already exists in the graph root; it does not belong to any commit and must be removed by an operator`,
    { details: { table: clash.table } },
  );
}

/** The table effects (new tables first, then column changes) and the new accepted schema. */
async function applyEffects(
  ctx: GraphContext,
  plan: ApplyPlan,
  session: WriteSession,
): Promise<ApplyEffects> {
  if (plan.change.plan.steps.length === 0) return { schemaId: null, created: {}, written: {} };
  const created: Record<string, ManifestEntry> = {};
  for (const table of plan.effects.created) {
    const pin = await ctx.root.tables.createTable(table.table, table.columns);
    created[table.tableKey] = { table: table.table, ...pin, rowCount: 0 };
    ctx.failpoints.reach('schema_apply.after_table_effect');
  }
  for (const altered of plan.effects.altered) {
    const table = await session.table(altered.tableKey);
    for (const change of altered.changes) await table.changeColumns(change);
  }
  const schema = await writeAcceptedSchema(ctx.root.store, plan.change.source, plan.change.desired);
  return { schemaId: schema.id, created, written: await session.entries() };
}

/**
 * The new schema, and the manifest's changes beyond the written tables: dropped types leave,
 * renamed types move to their new key (with whatever this apply wrote to them), new types join.
 * Removals come first, so a key freed by one change can be taken by another.
 */
function commitShape(plan: ApplyPlan, effects: ApplyEffects): CommitShape {
  if (effects.schemaId === null) return {};
  const tables: Record<string, ManifestEntry | null> = {};
  for (const key of [...plan.effects.dropped, ...plan.effects.renamed.keys()]) tables[key] = null;
  for (const [from, to] of plan.effects.renamed)
    tables[to] = effects.written[from] ?? plan.base.entry(from);
  Object.assign(tables, effects.created);
  return { schemaId: effects.schemaId, tables, publishUnchanged: true };
}
