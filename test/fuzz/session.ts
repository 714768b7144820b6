// A fuzz session: one generated schema, one graph on local disk, many inputs against it. The
// graph is reused across inputs; after every write that was rejected (or changed nothing) its
// state must equal the state before.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  resolveSettings,
  type OmnigraphSettings,
  type SettingsInput,
} from '../../src/api/index.js';
import { compileSchema, type Catalog } from '../../src/compiler/index.js';
import { Omnigraph } from '../../src/engine/index.js';
import { describeCase } from './describe.js';
import { areaOf, generateCase, type Area, type CaseKind, type FuzzCase } from './fuzz-case.js';
import { genContext } from './gen-context.js';
import { GraphModel } from './graph-model.js';
import { seedLoad } from './load-gen.js';
import { Rng } from './rng.js';
import {
  checkResult,
  execute,
  judgeError,
  withDeadline,
  type FailureClass,
  type Outcome,
} from './run-case.js';
import { generateSchema, type FuzzSchema } from './schema-gen.js';

/** Commits between two compactions of a session's graph. */
const OPTIMIZE_EVERY = 20;

/** A failure: where it happened, the input, what came out. */
export interface Failure {
  readonly seed: number;
  readonly schema: number;
  readonly index: number;
  readonly kind: CaseKind | 'session';
  readonly area: Area;
  readonly failure: FailureClass;
  readonly message: string;
  readonly stack?: string;
  /** The input as printable text. */
  readonly input: string;
  readonly schemaSource: string;
  /** Failures with one signature are one class. */
  readonly signature: string;
}

/** Valid inputs rejected with one signature: how many, and the first. */
export interface ValidRejection {
  count: number;
  readonly example: string;
  /** `seed:schema.index` of the first. */
  readonly at: string;
}

/** Counts of one kind of input, valid or hostile. */
export interface Tally {
  total: number;
  /** Time spent on these inputs, generation included. */
  ms: number;
  ok: number;
  failed: number;
  rejected: Record<string, number>;
}

export interface SessionReport {
  readonly schema: number;
  readonly cases: number;
  readonly ms: number;
  /** By `kind/valid` or `kind/hostile`. */
  readonly tallies: Record<string, Tally>;
  readonly failures: Failure[];
  /** Rejections of valid inputs by signature: the generators' noise, or bugs to look at. */
  readonly validRejections: Record<string, ValidRejection>;
}

export interface SessionOptions {
  readonly seed: number;
  readonly schema: number;
  readonly cases: number;
  readonly deadlineMs: number;
  /** Called before each input (the supervisor's watchdog listens). */
  readonly onCase?: (index: number, c: FuzzCase) => void;
  /** Replay: run up to this input, print it and its outcome in full, and stop. */
  readonly replay?: number;
  readonly log?: (text: string) => void;
}

/** Messages with names, numbers and quoted text replaced: the shape of an error. */
export function signatureOf(area: string, failure: string, message: string): string {
  const shape = message
    .split('\n')[0]
    ?.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '…')
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, 'ULID')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
  return `${area} ${failure}: ${shape ?? ''}`;
}

/** Settings that vary by session: strategies and small limits reach other code paths. */
function sessionSettings(rng: Rng): SettingsInput {
  return {
    writer: { waitMs: 2_000 },
    traversal: { mode: rng.pick(['auto', 'indexed', 'csr'] as const) },
    search: { textMode: rng.pick(['auto', 'memory'] as const), rrfWindow: rng.pick([1, 100]) },
    cache: { bytes: rng.pick([0, 64 * 1024, 256 * 1024 * 1024]) },
    limits: { queryRows: rng.pick([500, 100_000]) },
  };
}

interface GraphState {
  readonly branches: string;
  readonly snapshots: string;
  readonly lines: readonly string[];
}

async function captureState(graph: Omnigraph): Promise<GraphState> {
  const { branches } = await graph.listBranches();
  const snapshots = await Promise.all(branches.map((branch) => graph.snapshot({ branch })));
  const lines: string[] = [];
  for await (const line of graph.export()) lines.push(line);
  return { branches: JSON.stringify(branches), snapshots: JSON.stringify(snapshots), lines };
}

/** What differs between two states, or undefined when they are equal. */
function stateDiff(before: GraphState, after: GraphState): string | undefined {
  if (before.branches !== after.branches)
    return `branches ${before.branches} became ${after.branches}`;
  if (before.snapshots !== after.snapshots) return 'a branch snapshot changed';
  return linesDiff(before.lines, after.lines);
}

/** An id exported twice within one type (a graph never holds two entities under one id). */
function duplicateId(lines: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const line of lines) {
    const record = JSON.parse(line) as { type?: string; edge?: string; data: { id: unknown } };
    const key = `${record.type ?? record.edge ?? ''} ${String(record.data.id)}`;
    if (seen.has(key)) return `the export holds '${key}' twice`;
    seen.add(key);
  }
  return undefined;
}

/** How two exports differ, or undefined when they are equal line for line. */
function linesDiff(before: readonly string[], after: readonly string[]): string | undefined {
  if (before.length === after.length && before.every((line, i) => line === after[i])) return;
  const removed = before.filter((l) => !after.includes(l));
  const added = after.filter((l) => !before.includes(l));
  return `export changed: -${removed.slice(0, 2).join(' ')} +${added.slice(0, 2).join(' ')}`;
}

/** Whether a case may change the graph (its outcome is then checked against the state). */
function isWrite(c: FuzzCase): boolean {
  return ['mutate', 'load', 'branch'].includes(c.kind) || (c.kind === 'schema' && c.plan);
}

/** Whether a successful write changed the graph: a commit, or a branch made or dropped. */
function changedGraph(c: FuzzCase, result: unknown): boolean {
  const r = result as
    { commit?: unknown; branch_created?: boolean; branch_deleted?: boolean } | undefined;
  const branched = c.kind === 'branch' && c.op.op !== 'merge';
  const committed = r?.commit !== undefined && r.commit !== null;
  return branched || committed || r?.branch_created === true || r?.branch_deleted === true;
}

class Session {
  readonly tallies: Record<string, Tally> = {};
  readonly failures: Failure[] = [];
  readonly validRejections: Record<string, ValidRejection> = {};
  model = new GraphModel([]);
  commits: string[] = [];
  branches: string[] = [];
  state: GraphState = { branches: '', snapshots: '', lines: [] };
  /** Commits since the last optimize. */
  writes = 0;

  graph!: Omnigraph;
  readonly #graphs: { readonly graph: Omnigraph; readonly dir: string }[] = [];

  constructor(
    readonly options: SessionOptions,
    readonly schema: FuzzSchema,
    readonly catalog: Catalog,
    readonly settings: OmnigraphSettings,
  ) {}

  /**
   * A new graph of the session's schema on local disk, loaded with the seed data: at the start,
   * and after a hang (work may still run on the old graph) or a corruption.
   */
  async startGraph(): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), 'omnigraph-fuzz-'));
    this.graph = await Omnigraph.init(path.join(dir, 'graph'), this.schema.source, {
      settings: this.settings,
    });
    this.#graphs.push({ graph: this.graph, dir });
    this.commits = [];
    this.writes = 0;
    await this.refresh();
    const seed: FuzzCase = {
      kind: 'load',
      valid: true,
      what: 'seed',
      input: { data: seedLoad(this.context(-1)), mode: 'merge' },
    };
    // The seed load is not an input of the campaign; only a problem with it is reported.
    const seeded = await this.run(seed);
    if (seeded.status !== 'ok') this.record(-1, seed, seeded, 0);
  }

  /** Closes every graph of the session (a hung one is given up on) and deletes them. */
  async dispose(): Promise<void> {
    for (const { graph, dir } of this.#graphs) {
      await withDeadline(graph.close(), 5_000).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }

  async refresh(): Promise<void> {
    this.state = await captureState(this.graph);
    this.model = new GraphModel(this.state.lines);
    this.branches = (JSON.parse(this.state.branches) as string[]).filter((b) => b !== 'main');
    const head = (await this.graph.snapshot()).graph_commit_id;
    if (this.commits.at(-1) !== head) this.commits.push(head);
  }

  context(index: number) {
    return genContext({
      rng: Rng.of(this.options.seed, this.options.schema, index),
      schema: this.schema,
      model: this.model,
      branches: this.branches,
      commits: this.commits,
      caseIndex: index,
    });
  }

  /** Runs a case and judges it, the graph's state included. */
  async run(c: FuzzCase): Promise<Outcome> {
    let outcome: Outcome;
    try {
      const result = await withDeadline(execute(this, c), this.options.deadlineMs);
      const problem = checkResult(c, result);
      outcome = problem
        ? { status: 'failed', failure: 'bad-result', message: problem }
        : { status: 'ok', result };
    } catch (error) {
      outcome = judgeError(error);
    }
    if (!isWrite(c) || outcome.status === 'failed') return outcome;
    if (outcome.status === 'ok' && changedGraph(c, outcome.result)) {
      this.writes += 1;
      await this.refresh();
      const duplicate = duplicateId(this.state.lines);
      return duplicate
        ? { status: 'failed', failure: 'corrupt-state', message: `after the write, ${duplicate}` }
        : outcome;
    }
    const diff = stateDiff(this.state, await captureState(this.graph));
    if (diff === undefined) return outcome;
    await this.refresh();
    const after =
      outcome.status === 'ok'
        ? 'a write that changed nothing'
        : `rejected write (${outcome.code}: ${outcome.message.slice(0, 200)})`;
    return { status: 'failed', failure: 'state-changed', message: `${after}: ${diff}` };
  }

  record(index: number, c: FuzzCase, outcome: Outcome, ms: number): void {
    this.count(`${c.kind}/${c.valid ? 'valid' : 'hostile'}`, outcome, ms);
    if (outcome.status === 'rejected' && c.valid) {
      const signature = signatureOf(c.kind, outcome.code, outcome.message);
      const seen = (this.validRejections[signature] ??= {
        count: 0,
        example: outcome.message,
        at: `${this.options.seed}:${this.options.schema}.${index}`,
      });
      seen.count += 1;
    }
    if (outcome.status === 'failed')
      this.fail(index, c.kind, areaOfFailure(c, outcome), outcome, describeCase(c));
  }

  count(key: string, outcome: Outcome, ms: number): void {
    const tally = (this.tallies[key] ??= { total: 0, ms: 0, ok: 0, failed: 0, rejected: {} });
    tally.total += 1;
    tally.ms += ms;
    if (outcome.status === 'ok') tally.ok += 1;
    else if (outcome.status === 'failed') tally.failed += 1;
    else tally.rejected[outcome.code] = (tally.rejected[outcome.code] ?? 0) + 1;
  }

  /**
   * Compacts the graph (which also keeps exports fast as commits pile up): the content must
   * stay exactly the same.
   */
  async optimize(index: number): Promise<void> {
    const before = this.state;
    const start = performance.now();
    let outcome: Outcome;
    try {
      const result = await withDeadline(this.graph.optimize(), this.options.deadlineMs);
      await this.refresh();
      const diff = linesDiff(before.lines, this.state.lines);
      outcome = diff
        ? {
            status: 'failed',
            failure: 'state-changed',
            message: `optimize changed the content: ${diff}`,
          }
        : { status: 'ok', result };
    } catch (error) {
      outcome = judgeError(error);
    }
    this.writes = 0;
    this.count('optimize/valid', outcome, performance.now() - start);
    if (outcome.status === 'failed')
      this.fail(index, 'session', 'storage', outcome, `graph.optimize() after input ${index}`);
  }

  fail(
    index: number,
    kind: Failure['kind'],
    area: Area,
    outcome: Extract<Outcome, { status: 'failed' }>,
    input: string,
  ): void {
    this.failures.push({
      seed: this.options.seed,
      schema: this.options.schema,
      index,
      kind,
      area,
      failure: outcome.failure,
      message: outcome.message,
      ...(outcome.stack === undefined ? {} : { stack: outcome.stack }),
      input,
      schemaSource: this.schema.source,
      signature: signatureOf(area, outcome.failure, outcome.message),
    });
  }

  /** Export, load the export back in overwrite mode, export again: the two must be equal. */
  async roundtrip(): Promise<void> {
    const before = this.state.lines;
    if (before.length === 0) return;
    const c: FuzzCase = {
      kind: 'load',
      valid: true,
      what: 'roundtrip',
      input: { data: before.join('\n'), mode: 'overwrite' },
    };
    let problem: Extract<Outcome, { status: 'failed' }> | undefined;
    try {
      await withDeadline(execute(this, c), this.options.deadlineMs);
      await this.refresh();
      const diff = linesDiff(before, this.state.lines);
      if (diff) problem = { status: 'failed', failure: 'roundtrip', message: diff };
    } catch (error) {
      const judged = judgeError(error);
      problem =
        judged.status === 'failed'
          ? judged
          : {
              status: 'failed',
              failure: 'roundtrip',
              message: `${judged.code}: ${judged.message}`,
            };
    }
    if (problem) this.fail(-1, 'session', 'load', problem, describeCase(c));
  }
}

/** Failures raised from inside Lance belong to storage, whatever the operation. */
function areaOfFailure(c: FuzzCase, outcome: Extract<Outcome, { status: 'failed' }>): Area {
  return /lancedb|lance-|\.node:|arrow/i.test(outcome.stack ?? '') ? 'storage' : areaOf(c);
}

/** The session's schema: the first generated one the compiler accepts (it should be the first). */
function sessionSchema(seed: number, index: number): { schema: FuzzSchema; catalog: Catalog } {
  let error: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const schema = generateSchema(Rng.of(seed, index, 'schema', attempt));
    try {
      return { schema, catalog: compileSchema(schema.source) };
    } catch (e) {
      error = e;
    }
  }
  throw error;
}

/** Runs a session; never throws for what the engine does (that is a failure in the report). */
export async function runSession(options: SessionOptions): Promise<SessionReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const { schema, catalog } = sessionSchema(options.seed, options.schema);
  const settings = resolveSettings(
    sessionSettings(Rng.of(options.seed, options.schema, 'settings')),
  );
  const session = new Session(options, schema, catalog, settings);
  let cases = 0;
  try {
    await session.startGraph();
    const last = options.replay ?? options.cases - 1;
    for (let index = 0; index <= last; index += 1) {
      const start = performance.now();
      const c = generateCase(session.context(index));
      options.onCase?.(index, c);
      if (index === options.replay)
        log(
          `schema:\n${schema.source}\ninput ${options.schema}.${index}:\n${describeCase(c, 100_000)}\n`,
        );
      const outcome = await session.run(c);
      session.record(index, c, outcome, performance.now() - start);
      cases += 1;
      if (index === options.replay) log(`outcome: ${describeOutcome(outcome)}\n`);
      // After a hang work may still run against the graph, and after a corruption every later
      // outcome is suspect: the session goes on with a new graph.
      if (outcome.status === 'failed' && ['hang', 'corrupt-state'].includes(outcome.failure))
        await session.startGraph();
      else if (session.writes >= OPTIMIZE_EVERY) await session.optimize(index);
    }
    if (options.replay === undefined) await session.roundtrip();
  } finally {
    await session.dispose();
  }
  return {
    schema: options.schema,
    cases,
    ms: performance.now() - started,
    tallies: session.tallies,
    failures: session.failures,
    validRejections: session.validRejections,
  };
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.status) {
    case 'ok':
      return 'ok';
    case 'rejected':
      return `rejected ${outcome.code}: ${outcome.message}`;
    case 'failed':
      return `FAILED ${outcome.failure}: ${outcome.message}${outcome.stack ? `\n${outcome.stack}` : ''}`;
  }
}
