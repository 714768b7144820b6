// Policy decisions: compiles a bundle of 100 rules over 1,000 actors to Cedar and prints
// {rules, actors, cedar_import_ms, first_compile_ms, compile_ms, decision_us: {cold, cedar,
// cached}}: p50/p99 of one decision in a first pass (each slice parsed into Cedar as it is
// met), of a Cedar evaluation (slices ready, decision cache off), and of a remembered decision.
// Run with `npm run bench -- policy [--decisions N]`.
import { stringify } from 'yaml';
import { loadPolicy } from '../src/policy/index.js';
import {
  BRANCH_ACTIONS,
  POLICY_ACTIONS,
  TARGET_BRANCH_ACTIONS,
  type PolicyAction,
} from '../src/policy/policy-action.js';
import { benchArgs, median } from './support/bench-args.js';

const RULES = 100;
const ACTORS = 1000;
const GROUPS = 50;
const BRANCHES = ['main', 'release', 'dev', 'feature/a', 'feature/b', 'fix/c'];
const COMPILE_ROUNDS = 10;
const decisions = Number(benchArgs(process.argv.slice(2)).value('decisions') ?? 20_000);

/** A deterministic pseudo-random sequence (mulberry32), so every run decides the same requests. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/** Every actor in one to three groups; 100 rules of one to three actions, scoped where they fit. */
function bundleText(): string {
  const groups: Record<string, string[]> = {};
  for (let i = 0; i < ACTORS; i += 1) {
    for (let k = 0; k < 1 + Math.floor(next() * 3); k += 1)
      (groups[`g${Math.floor(next() * GROUPS)}`] ??= []).push(`act-${i}`);
  }
  const graphActions = POLICY_ACTIONS.filter((a) => a !== 'graph_list');
  const rules = Array.from({ length: RULES }, (_, i) => {
    const actions = [
      ...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(graphActions))),
    ];
    const scope = pick(['any', 'protected', 'unprotected', undefined]);
    const allow: Record<string, unknown> = {
      actors: { group: pick(Object.keys(groups)) },
      actions,
    };
    if (scope !== undefined && actions.every((a) => BRANCH_ACTIONS.has(a)))
      allow.branch_scope = scope;
    if (scope !== undefined && actions.every((a) => TARGET_BRANCH_ACTIONS.has(a)))
      allow.target_branch_scope = scope;
    return { id: `rule-${String(i).padStart(3, '0')}`, allow };
  });
  return stringify({ version: 1, groups, protected_branches: ['main', 'release'], rules });
}

function request(): {
  actor: string;
  action: PolicyAction;
  branch?: string;
  targetBranch?: string;
} {
  const action = pick(POLICY_ACTIONS);
  return {
    actor: `act-${Math.floor(next() * (ACTORS + 10))}`,
    action,
    ...(BRANCH_ACTIONS.has(action) || action === 'branch_create' || action === 'branch_merge'
      ? { branch: pick(BRANCHES) }
      : {}),
    ...(TARGET_BRANCH_ACTIONS.has(action) ? { targetBranch: pick(BRANCHES) } : {}),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** p50 and p99 of one decision, in µs. */
function decisionTimes(
  decide: (r: ReturnType<typeof request>) => unknown,
  requests: readonly ReturnType<typeof request>[],
) {
  const times = requests.map((r) => {
    const start = performance.now();
    decide(r);
    return (performance.now() - start) * 1000;
  });
  times.sort((a, b) => a - b);
  return {
    p50: Number(percentile(times, 0.5).toFixed(1)),
    p99: Number(percentile(times, 0.99).toFixed(1)),
  };
}

const text = bundleText();
const importStart = performance.now();
await import('@cedar-policy/cedar-wasm/nodejs');
const importMs = performance.now() - importStart;
const firstStart = performance.now();
await loadPolicy(text, 'bench');
const firstMs = performance.now() - firstStart;
// Each round compiles for another graph id, so Cedar parses every policy set afresh.
const compileTimes: number[] = [];
for (let round = 0; round < COMPILE_ROUNDS; round += 1) {
  const start = performance.now();
  await loadPolicy(text, 'bench', { graphId: `graph-${round}` });
  compileTimes.push(performance.now() - start);
}
const uncached = await loadPolicy(text, 'bench', { decisionCacheSize: 0 });
const cached = await loadPolicy(text, 'bench');
const requests = Array.from({ length: decisions }, request);
// The first pass parses each (action, actor groups) slice into Cedar as it meets it.
const cold = decisionTimes((r) => uncached.decide(r), requests);
const cedar = decisionTimes((r) => uncached.decide(r), requests);
// A server sees the same few actors, actions and branches again and again: 500 distinct requests.
const working = requests.slice(0, 500);
const repeated = requests.map((_, i) => working[i % working.length] ?? request());
for (const r of working) cached.decide(r);
console.log(
  JSON.stringify(
    {
      rules: RULES,
      actors: uncached.actorCount,
      decisions,
      cedar_import_ms: Number(importMs.toFixed(1)),
      first_compile_ms: Number(firstMs.toFixed(1)),
      compile_ms: Number(median(compileTimes).toFixed(1)),
      decision_us: { cold, cedar, cached: decisionTimes((r) => cached.decide(r), repeated) },
    },
    null,
    2,
  ),
);
