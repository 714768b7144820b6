// One fuzz input: what it is, whether it was generated valid, and how it was made hostile.
import type { GenContext } from './gen-context.js';
import type { GqInput } from './gq-builder.js';
import { hostileGq } from './hostile-gq.js';
import { hostileLoad, validLoad, type LoadInput } from './load-gen.js';
import { ruleBreakingMutation, validMutation } from './mutation-gen.js';
import { validRead } from './query-gen.js';
import { generateSchema } from './schema-gen.js';
import { hostileSchema } from './schema-hostile.js';

/** Where a failure belongs, for routing. */
export type Area = 'compiler' | 'load' | 'params' | 'mutation' | 'query' | 'branch' | 'storage';

interface CaseBase {
  /** Generated to be accepted (it may still break a data constraint). */
  readonly valid: boolean;
  /** How a hostile input was made (`text:truncate`, `rule:range`, …); `valid` otherwise. */
  readonly what: string;
}

export type FuzzCase = CaseBase &
  (
    | { readonly kind: 'schema'; readonly source: string; readonly plan: boolean }
    | { readonly kind: 'compile'; readonly input: GqInput }
    | {
        readonly kind: 'query';
        readonly input: GqInput;
        readonly explain: boolean;
        readonly branch?: string;
        readonly snapshot?: string;
      }
    | {
        readonly kind: 'mutate';
        readonly input: GqInput;
        readonly branch?: string;
        readonly ifCommit?: string;
      }
    | { readonly kind: 'load'; readonly input: LoadInput }
    | { readonly kind: 'branch'; readonly op: BranchOp }
  );

/** A branch operation: create (from a branch), delete, or merge into a target. */
export type BranchOp =
  | { readonly op: 'create'; readonly name: string; readonly from: string }
  | { readonly op: 'delete'; readonly name: string }
  | {
      readonly op: 'merge';
      readonly source: string;
      readonly target: string;
      readonly deleteBranch: boolean;
    };

export type CaseKind = FuzzCase['kind'];

/** The area a case's failure is routed to. */
export function areaOf(c: FuzzCase): Area {
  switch (c.kind) {
    case 'schema':
    case 'compile':
      return 'compiler';
    case 'query':
      return c.what === 'params' ? 'params' : 'query';
    case 'mutate':
      return c.what === 'params' ? 'params' : 'mutation';
    case 'load':
      return 'load';
    case 'branch':
      return 'branch';
  }
}

/** A read target: main mostly, an older commit or another branch sometimes. */
function readTarget(ctx: GenContext): { branch?: string; snapshot?: string } {
  const { rng } = ctx;
  const roll = rng.float();
  if (roll < 0.1 && ctx.commits.length > 0) return { snapshot: rng.pick(ctx.commits) };
  if (roll < 0.15 && ctx.branches.length > 0) return { branch: rng.pick(ctx.branches) };
  return {};
}

function hostileTarget(ctx: GenContext): { branch?: string; snapshot?: string } {
  const { rng } = ctx;
  const commit = ctx.commits.at(-1) ?? '';
  return rng.pick<{ branch?: string; snapshot?: string }>([
    { branch: 'ghost' },
    { branch: rng.pick(['', ' ', '../main', 'main\u0000', '\uD800', 'x'.repeat(1000)]) },
    { snapshot: rng.pick(['', 'nope', '01ARZ3NDEKTSV4RRFFQ69G5FAV', commit.toLowerCase()]) },
    { branch: 'main', snapshot: commit },
  ]);
}

/** A read: valid, or hostile in its source, params or target. */
function queryCase(ctx: GenContext, valid: boolean): FuzzCase {
  const base = validRead(ctx);
  const explain = ctx.rng.chance(0.2);
  if (valid)
    return { kind: 'query', valid, what: 'valid', input: base, explain, ...readTarget(ctx) };
  if (ctx.rng.chance(0.15))
    return { kind: 'query', valid, what: 'target', input: base, explain, ...hostileTarget(ctx) };
  const { input, what } = hostileGq(ctx, base);
  return { kind: 'query', valid, what, input, explain };
}

function mutateCase(ctx: GenContext, valid: boolean): FuzzCase {
  const { rng } = ctx;
  const base = validMutation(ctx);
  if (valid && base) {
    const head = ctx.commits.at(-1);
    const ifCommit = head !== undefined && rng.chance(0.1) ? { ifCommit: head } : {};
    // The model is main's, but a branch forked from it mostly holds the same nodes.
    const branch =
      ctx.branches.length > 0 && rng.chance(0.15) ? { branch: rng.pick(ctx.branches) } : {};
    return { kind: 'mutate', valid, what: 'valid', input: base, ...ifCommit, ...branch };
  }
  const roll = rng.float();
  if (roll < 0.35 || !base) return { kind: 'mutate', valid: false, ...ruleBreakingMutation(ctx) };
  if (roll < 0.45) {
    const stale = ctx.commits[0] ?? '';
    const request = rng.pick<{ branch?: string; ifCommit?: string }>([
      { ifCommit: stale },
      { ifCommit: rng.pick(['', 'nope', stale.toLowerCase()]) },
      { branch: rng.pick(['ghost', '', '\uD800', '../x']) },
    ]);
    return { kind: 'mutate', valid: false, what: 'request', input: base, ...request };
  }
  return { kind: 'mutate', valid: false, ...hostileGq(ctx, base) };
}

function compileCase(ctx: GenContext, valid: boolean): FuzzCase {
  const base = (ctx.rng.chance(0.5) ? validMutation(ctx) : undefined) ?? validRead(ctx);
  if (valid) return { kind: 'compile', valid, what: 'valid', input: base };
  return { kind: 'compile', valid, ...hostileGq(ctx, base) };
}

function schemaCase(ctx: GenContext, valid: boolean): FuzzCase {
  const plan = ctx.rng.chance(0.3);
  if (valid)
    return { kind: 'schema', valid, what: 'valid', source: generateSchema(ctx.rng).source, plan };
  return { kind: 'schema', valid, plan, ...hostileSchema(ctx) };
}

function loadCase(ctx: GenContext, valid: boolean): FuzzCase {
  if (valid) return { kind: 'load', valid, what: 'valid', input: validLoad(ctx) };
  return { kind: 'load', valid, ...hostileLoad(ctx) };
}

function branchCase(ctx: GenContext, valid: boolean): FuzzCase {
  const { rng, branches } = ctx;
  const any = (names: readonly string[]) => (names.length > 0 ? rng.pick(names) : 'main');
  if (valid) {
    const op: BranchOp = rng.weighted<() => BranchOp>([
      [4, () => ({ op: 'create', name: `c${ctx.caseIndex}`, from: any(['main', ...branches]) })],
      [
        branches.length > 0 ? 4 : 0,
        () => ({
          op: 'merge',
          source: any(branches),
          target: rng.chance(0.8) ? 'main' : any(branches),
          deleteBranch: rng.chance(0.3),
        }),
      ],
      [branches.length > 0 ? 2 : 0, () => ({ op: 'delete', name: any(branches) })],
    ])();
    return { kind: 'branch', valid, what: 'valid', op };
  }
  const weird = () =>
    rng.pick([
      '',
      ' ',
      'main',
      'Main',
      '../x',
      'a/../b',
      'x'.repeat(300),
      '\uD800',
      'a\u0000b',
      'é',
      '.git',
      'refs/x',
    ]);
  const op = rng.pick<() => BranchOp>([
    () => ({ op: 'create', name: weird(), from: 'main' }),
    () => ({ op: 'create', name: `c${ctx.caseIndex}`, from: weird() }),
    () => ({ op: 'create', name: any(branches), from: 'main' }),
    () => ({ op: 'delete', name: rng.pick(['main', weird()]) }),
    () => ({ op: 'merge', source: weird(), target: 'main', deleteBranch: false }),
    () => ({ op: 'merge', source: 'main', target: 'main', deleteBranch: rng.chance(0.5) }),
    () => ({ op: 'merge', source: any(branches), target: weird(), deleteBranch: true }),
  ])();
  return { kind: 'branch', valid, what: `branch:${op.op}`, op };
}

/** The input at a position of a session: its kind, then valid or hostile, then the input. */
export function generateCase(ctx: GenContext): FuzzCase {
  const { rng } = ctx;
  const make = rng.weighted([
    [8, schemaCase],
    [24, compileCase],
    [26, queryCase],
    [20, mutateCase],
    [18, loadCase],
    [4, branchCase],
  ] as const);
  return make(ctx, rng.chance(0.5));
}
