import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  QueryPlanNode,
  QueryProfileOutput,
  ResultRow,
  TraversalMode,
} from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { graphWith, ndjson } from './query-fixtures.js';

// The benchmark's social graph, generated at two scales, answered under three cache budgets and
// three traversal modes: a budget too small to keep anything makes every read go to Lance (the
// degraded path), which must give the same rows, in the same order, as the cached one.

const SCHEMA = `node Person {
  pid: I64 @key
  name: String
  age: I32?
  city: String
}
node Company {
  cid: I64 @key
  name: String
}
edge Knows: Person -> Person
edge WorksAt: Person -> Company
`;

/** The benchmark's queries (bench/query.ts), plus filters, string ranges and orderings. */
const QUERIES = `
query point_lookup($pid: I64) {
  match { $p: Person { pid: $pid } }
  return { $p.pid, $p.name, $p.age, $p.city }
}
query age_count() {
  match { $p: Person
    $p.age > 60 }
  return { count($p) as n }
}
query age_names() {
  match { $p: Person
    $p.age > 60 }
  return { $p.name }
}
query name_range_count() {
  match { $p: Person
    $p.name >= "D"
    $p.name < "M" }
  return { count($p) as n }
}
query hop1($pid: I64) {
  match { $p: Person { pid: $pid }
    $p knows $f }
  return { $f.pid }
}
query hop2($pid: I64) {
  match { $p: Person { pid: $pid }
    $p knows $m
    $m knows $f
    $f.pid != $pid }
  return { $f.pid, count($m) as paths }
}
query top20() {
  match { $p: Person
    $p knows $f }
  return { $p.pid, count($f) as friends }
  order { friends desc, $p.pid asc }
  limit 20
}
query company_avg() {
  match { $p: Person
    $p worksAt $c }
  return { $c.cid, count($p) as employees, avg($p.age) as avg_age }
}
query anti_join() {
  match { $p: Person
    not { $p worksAt $_ } }
  return { count($p) as n }
}
query mixed_filter() {
  match { $p: Person
    $p.name < "M"
    $p.city != "Oslo"
    not { $p.age > 70 } }
  return { $p.pid, $p.name, $p.age, $p.city }
}
query ordered() {
  match { $p: Person
    $p.city = "Lima" }
  return { $p.pid, $p.name, $p.age }
  order { $p.age desc, $p.name asc }
}
query ordered_top() {
  match { $p: Person }
  return { $p.pid, $p.name, $p.city }
  order { $p.name asc, $p.pid desc }
  limit 25
}
`;

/** mulberry32: a seeded generator of floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// Names on both sides of "M", a lowercase one and ones above ASCII (after "M" by code point).
const FIRST_NAMES = (
  'Ada,Bjorn,Chen,Dara,Eve,Farah,Gus,Hana,Ivo,Jun,Kai,Lena,M,Mia,Nils,Omar,Pia,Quinn,Rosa,Sami,' +
  'Tara,Uma,Vik,Wen,Yara,Zoe,de Vries,Émile,Łucja'
).split(',');
const LAST_NAMES = ['Ahn', 'Berg', 'Cruz', 'Diaz', 'Eto', 'Falk', 'Gray', 'Holm', 'Ito', 'Jain'];
const CITIES = ['Oslo', 'Lima', 'Paris', 'Accra', 'Kyoto', 'Quito', 'Riga', 'Turin'];

interface Scale {
  readonly label: string;
  readonly persons: number;
  readonly companies: number;
  readonly knows: number;
  readonly worksAt: number;
}

const SMALL: Scale = { label: 'small', persons: 200, companies: 20, knows: 1_600, worksAt: 180 };
const LARGE: Scale = {
  label: 'large',
  persons: 5_000,
  companies: 500,
  knows: 40_000,
  worksAt: 4_500,
};

interface PersonRecord {
  readonly pid: number;
  readonly name: string;
  readonly age: number | null;
  readonly city: string;
}

/** A generated graph: its records, and its edges as (from, to) keys. */
interface Generated {
  readonly persons: readonly PersonRecord[];
  readonly knows: readonly (readonly [number, number])[];
  readonly worksAt: readonly (readonly [number, number])[];
  readonly ndjson: string;
}

/**
 * A social graph of `scale`, the same for a seed: ages NULL about one time in twelve, friendships
 * from a few hubs (sources skewed to low positions), self-loops and parallel edges as they fall,
 * 88% of persons working somewhere and the remaining WorksAt edges second jobs or repeats.
 */
function generate(scale: Scale, seed: number): Generated {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  // Some pids are negative: their ids sort before the others.
  const persons: PersonRecord[] = Array.from({ length: scale.persons }, (_, index) => ({
    pid: index * 3 - 60,
    name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    age: random() < 1 / 12 ? null : int(18, 90),
    city: pick(CITIES),
  }));
  // One person whose NULL age the filters keep and the orderings put last, at every scale.
  persons[1] = { pid: 1 * 3 - 60, name: 'Ada Ahn', age: null, city: 'Lima' };
  const cids = Array.from({ length: scale.companies }, (_, index) => 10_000 + index);
  const pidAt = (index: number) => (persons[index] as PersonRecord).pid;
  const knows = Array.from(
    { length: scale.knows },
    () =>
      [pidAt(Math.floor(scale.persons * random() ** 2)), pidAt(int(0, scale.persons - 1))] as const,
  );
  const order = persons.map((_, index) => index);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = int(0, index);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const employed = order.slice(0, Math.floor(scale.persons * 0.88)).map(pidAt);
  const worksAt = employed.map((pid) => [pid, pick(cids)] as const);
  const firstJob = new Map(worksAt);
  while (worksAt.length < scale.worksAt) {
    const pid = pick(employed);
    worksAt.push([pid, random() < 0.5 ? pick(cids) : (firstJob.get(pid) as number)]);
  }
  const records = [
    ...persons.map((data) => ({ type: 'Person', data })),
    ...cids.map((cid) => ({ type: 'Company', data: { cid, name: `Company ${cid}` } })),
    ...knows.map(([from, to]) => ({ edge: 'Knows', from: String(from), to: String(to) })),
    ...worksAt.map(([from, to]) => ({ edge: 'WorksAt', from: String(from), to: String(to) })),
  ];
  return { persons, knows, worksAt, ndjson: ndjson(records) };
}

interface QueryCase {
  readonly name: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** The cases run on a graph: parameterized queries at a hub, an ordinary person and no one. */
function casesOf(graph: Generated): QueryCase[] {
  const hub = String(graph.persons[0]?.pid);
  const ordinary = String(graph.persons[Math.floor(graph.persons.length / 2)]?.pid);
  const missing = String(graph.persons.length * 3 + 1);
  return [
    ...[hub, ordinary, missing].map((pid) => ({ name: 'point_lookup', params: { pid } })),
    { name: 'age_count' },
    { name: 'age_names' },
    { name: 'name_range_count' },
    ...[hub, ordinary, missing].map((pid) => ({ name: 'hop1', params: { pid } })),
    ...[hub, ordinary].map((pid) => ({ name: 'hop2', params: { pid } })),
    { name: 'top20' },
    { name: 'company_avg' },
    { name: 'anti_join' },
    { name: 'mixed_filter' },
    { name: 'ordered' },
    { name: 'ordered_top' },
  ];
}

const GIB = 2 ** 30;
/** Far below any image or topology index of the large graph (at most half is admitted). */
const TINY = 64 * 1024;
const BUDGETS = [GIB, TINY, 0] as const;
const MODES: readonly TraversalMode[] = ['auto', 'indexed', 'csr'];

const label = (of: QueryCase) => `${of.name}(${JSON.stringify(of.params ?? {})})`;

/** Strings in code point order (as the engine orders them; the names are all in the BMP). */
const byText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);
/** Persons in id order: a keyed type's id spells its key, so `-3` < `-60` < `0` < `123` < `9`. */
const byId = (left: PersonRecord, right: PersonRecord) =>
  byText(String(left.pid), String(right.pid));

/** Each key's distinct neighbours. */
function neighbours(edges: readonly (readonly [number, number])[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const [from, to] of edges) {
    let set = out.get(from);
    if (set === undefined) out.set(from, (set = new Set()));
    set.add(to);
  }
  return out;
}

/**
 * The rows a case must give, computed from the generated records by the documented semantics:
 * one hop gives distinct neighbours, NULL never matches, `not { }` keeps the rows its block does
 * not match (a NULL age included), and rows without `order` come in id order.
 */
function oracle(graph: Generated, of: QueryCase): ResultRow[] {
  const { persons } = graph;
  const byPid = new Map(persons.map((person) => [person.pid, person]));
  const friends = neighbours(graph.knows);
  const pid = Number(of.params?.pid);
  const count = (n: number) => [{ n: BigInt(n) }];
  const older = (person: PersonRecord) => person.age !== null && person.age > 60;
  switch (of.name) {
    case 'point_lookup': {
      const person = byPid.get(pid);
      if (person === undefined) return [];
      const { name, age, city } = person;
      return [{ 'p.pid': BigInt(pid), 'p.name': name, 'p.age': age, 'p.city': city }];
    }
    case 'age_count':
      return count(persons.filter(older).length);
    case 'age_names':
      return persons
        .filter(older)
        .sort(byId)
        .map((person) => ({ 'p.name': person.name }));
    case 'name_range_count':
      return count(persons.filter(({ name }) => name >= 'D' && name < 'M').length);
    case 'hop1':
      return [...(friends.get(pid) ?? [])]
        .map((friend) => byPid.get(friend) as PersonRecord)
        .sort(byId)
        .map((friend) => ({ 'f.pid': BigInt(friend.pid) }));
    case 'hop2': {
      const paths = new Map<number, number>();
      for (const middle of friends.get(pid) ?? []) {
        for (const far of friends.get(middle) ?? []) {
          if (far !== pid) paths.set(far, (paths.get(far) ?? 0) + 1);
        }
      }
      return [...paths]
        .sort(([left], [right]) => left - right)
        .map(([far, n]) => ({ 'f.pid': BigInt(far), paths: BigInt(n) }));
    }
    case 'top20':
      return [...friends]
        .map(([from, set]) => ({ from, n: set.size }))
        .sort((left, right) => right.n - left.n || left.from - right.from)
        .slice(0, 20)
        .map(({ from, n }) => ({ 'p.pid': BigInt(from), friends: BigInt(n) }));
    case 'company_avg': {
      const employees = new Map<number, Set<number>>();
      for (const [person, cid] of graph.worksAt) {
        let set = employees.get(cid);
        if (set === undefined) employees.set(cid, (set = new Set()));
        set.add(person);
      }
      return [...employees]
        .sort(([left], [right]) => left - right)
        .map(([cid, set]) => {
          const ages = [...set].flatMap((person) => byPid.get(person)?.age ?? []);
          const sum = ages.reduce((total, age) => total + age, 0);
          return {
            'c.cid': BigInt(cid),
            employees: BigInt(set.size),
            avg_age: ages.length === 0 ? null : sum / ages.length,
          };
        });
    }
    case 'anti_join': {
      const employed = new Set(graph.worksAt.map(([person]) => person));
      return count(persons.filter((person) => !employed.has(person.pid)).length);
    }
    case 'mixed_filter':
      return persons
        .filter(
          ({ name, city, age }) => name < 'M' && city !== 'Oslo' && !(age !== null && age > 70),
        )
        .sort(byId)
        .map(({ pid: key, name, age, city }) => ({
          'p.pid': BigInt(key),
          'p.name': name,
          'p.age': age,
          'p.city': city,
        }));
    case 'ordered':
      // Age descending puts NULLs last.
      return persons
        .filter(({ city }) => city === 'Lima')
        .sort(
          (left, right) =>
            (right.age ?? -1) - (left.age ?? -1) ||
            byText(left.name, right.name) ||
            byId(left, right),
        )
        .map(({ pid: key, name, age }) => ({ 'p.pid': BigInt(key), 'p.name': name, 'p.age': age }));
    case 'ordered_top':
      return [...persons]
        .sort((left, right) => byText(left.name, right.name) || right.pid - left.pid)
        .slice(0, 25)
        .map(({ pid: key, name, city }) => ({
          'p.pid': BigInt(key),
          'p.name': name,
          'p.city': city,
        }));
    default:
      throw new Error(`no oracle for ${of.name}`);
  }
}

/** The operators of a plan node's children, in order. */
const operators = (node: QueryPlanNode) => node.children.map((child) => child.operator);

/** The strategy a forced mode must report; `auto` chooses by the cost model and the caches. */
const FORCED: Readonly<Record<TraversalMode, string | undefined>> = {
  auto: undefined,
  indexed: 'indexed',
  csr: 'csr',
};

/** What one cache holds, 0 entries when the profile does not list it. */
const entriesOf = (profile: QueryProfileOutput, cache: 'columns' | 'topology') =>
  profile.caches.caches[cache]?.entries ?? 0;

describe.each([SMALL, LARGE])('a generated social graph ($label)', (scale) => {
  let graph: Generated;
  let cases: QueryCase[];
  /** One handle per budget and mode, all on the same root. */
  const handles = new Map<string, Omnigraph>();
  const handle = (bytes: number, mode: TraversalMode): Omnigraph => {
    const opened = handles.get(`${bytes}/${mode}`);
    if (opened === undefined) throw new Error(`no handle for ${bytes}/${mode}`);
    return opened;
  };
  const find = (name: string) => cases.filter((of) => of.name === name);

  beforeAll(async () => {
    graph = generate(scale, scale.persons);
    cases = casesOf(graph);
    const root = await freshTempDir(`cache-budget-${scale.label}`);
    const writer = await graphWith(root, SCHEMA, graph.ndjson);
    await writer.ensureIndices();
    await writer.close();
    for (const bytes of BUDGETS) {
      for (const mode of MODES) {
        const settings = testSettings({ cache: { bytes }, traversal: { mode } });
        handles.set(`${bytes}/${mode}`, await Omnigraph.open(root, { settings }));
      }
    }
  });

  afterAll(async () => {
    await Promise.all([...handles.values()].map((opened) => opened.close()));
  });

  const run = async (on: Omnigraph, of: QueryCase) =>
    (await on.query({ query: QUERIES, name: of.name, params: of.params })).rows;

  async function profileOf(on: Omnigraph, of: QueryCase): Promise<QueryProfileOutput> {
    const { profile, row_count } = await on.query(
      { query: QUERIES, name: of.name, params: of.params },
      { profile: true },
    );
    if (profile === undefined) throw new Error(`no profile for ${label(of)}`);
    expect(profile.plan.rows, label(of)).toBe(row_count);
    return profile;
  }

  it('gives the same rows, in the same order, under every budget and mode, cold and warm', async () => {
    const expected = new Map<string, readonly ResultRow[]>();
    for (const of of cases) expected.set(label(of), await run(handle(GIB, 'auto'), of));
    for (const bytes of BUDGETS) {
      for (const mode of MODES) {
        for (const of of cases) {
          for (const pass of ['cold', 'warm']) {
            expect(
              await run(handle(bytes, mode), of),
              `${label(of)} with cache.bytes ${bytes}, traversal ${mode}, ${pass}`,
            ).toEqual(expected.get(label(of)));
          }
        }
      }
    }
  });

  it('gives the rows computed from the generated records, cached or not', async () => {
    for (const of of cases) {
      const want = oracle(graph, of);
      // Only the missing person's cases are empty.
      if (of.params?.pid === String(scale.persons * 3 + 1)) expect(want, label(of)).toEqual([]);
      else expect(want.length, label(of)).toBeGreaterThan(0);
      for (const bytes of BUDGETS) {
        expect(await run(handle(bytes, 'auto'), of), `${label(of)} with ${bytes} bytes`).toEqual(
          want,
        );
      }
    }
    // The filter's `not { }` keeps persons whose age is NULL; the order puts NULL ages last.
    expect(oracle(graph, { name: 'mixed_filter' }).some((row) => row['p.age'] === null)).toBe(true);
    expect(oracle(graph, { name: 'ordered' }).at(-1)?.['p.age']).toBeNull();
  });

  it.each(MODES)('chooses the fast paths under every budget (%s traversals)', async (mode) => {
    const forced = FORCED[mode];
    for (const bytes of BUDGETS) {
      const on = handle(bytes, mode);
      const at = `cache.bytes ${bytes}, traversal ${mode}`;
      for (const of of [...find('age_count'), ...find('name_range_count')]) {
        expect((await profileOf(on, of)).plan, `${label(of)}, ${at}`).toMatchObject({
          operator: 'count-pushdown',
          children: [],
        });
      }
      const [top20] = find('top20');
      const reachCount = (await profileOf(on, top20 as QueryCase)).plan;
      expect(reachCount.operator, at).toBe('reach-count');
      expect(operators(reachCount), at).toEqual(['scan', 'reach', 'aggregate', 'order']);
      // 5,000 or 200 persons read, the pairs counted but never built.
      expect(reachCount.children[0]?.rows, at).toBe(scale.persons);
      if (forced !== undefined) expect(reachCount.children[1]?.strategy, at).toBe(forced);
      const [companyAvg] = find('company_avg');
      const reachAggregate = (await profileOf(on, companyAvg as QueryCase)).plan;
      expect(reachAggregate.operator, at).toBe('reach-aggregate');
      expect(operators(reachAggregate), at).toEqual([
        'scan',
        'scan',
        'reach',
        'aggregate',
        'order',
        'fallback',
      ]);
      // The general plan, kept for sums that could be inexact, never runs on integer ages.
      expect(reachAggregate.children[5]?.rows, at).toBeUndefined();
      const [antiJoin] = find('anti_join');
      const antiJoinPlan = (await profileOf(on, antiJoin as QueryCase)).plan;
      expect(antiJoinPlan.operator, at).toBe('match');
      expect(operators(antiJoinPlan), at).toEqual(['scan', 'anti-join-edge', 'aggregate', 'order']);
      for (const of of find('point_lookup')) {
        const plan = (await profileOf(on, of)).plan;
        expect(plan.operator, `${label(of)}, ${at}`).toBe('match');
        expect(operators(plan), `${label(of)}, ${at}`).toEqual(['scan', 'order', 'project']);
        // The same at both scales: a scan with the key pushed down. (A key seed, reading no
        // row, serves a pinned variable that only a traversal uses: hop1 below.)
        expect(plan.children[0]?.detail, `${label(of)}, ${at}`).toBe(
          'Person $p  filters: $p.pid = $pid',
        );
      }
      // A filtered scan gives its rows in id order, the result order: nothing sorts them.
      for (const [name, steps] of [
        ['age_names', ['scan']],
        ['mixed_filter', ['scan', 'anti-join']],
      ] as const) {
        for (const of of find(name)) {
          const plan = (await profileOf(on, of)).plan;
          expect(operators(plan), `${label(of)}, ${at}`).toEqual([...steps, 'order', 'project']);
          expect(plan.children[0]?.detail, `${label(of)}, ${at}`).toMatch(/ {2}in id order$/);
          expect(plan.children[steps.length]?.detail, `${label(of)}, ${at}`).toBe(
            'ids of $p  as scanned, no sort',
          );
        }
      }
      for (const of of find('hop1')) {
        const plan = (await profileOf(on, of)).plan;
        expect(operators(plan), `${label(of)}, ${at}`).toEqual([
          'key-seed',
          'traverse',
          'order',
          'project',
        ]);
        if (forced !== undefined) expect(plan.children[1]?.strategy, at).toBe(forced);
      }
    }
  });

  it('keeps the caches within their budget: filled under 1 GiB, empty when nothing fits', async () => {
    const [probe] = find('ordered_top');
    for (const bytes of BUDGETS) {
      for (const mode of MODES) {
        const on = handle(bytes, mode);
        // Warm: every case run twice.
        for (const of of [...cases, ...cases]) await run(on, of);
        const profile = await profileOf(on, probe as QueryCase);
        const at = `cache.bytes ${bytes}, traversal ${mode}`;
        const { budget_bytes, used_bytes } = profile.caches;
        expect(budget_bytes, at).toBe(bytes);
        expect(used_bytes, at).toBeLessThanOrEqual(budget_bytes);
        if (bytes === GIB) {
          expect(entriesOf(profile, 'columns'), at).toBeGreaterThan(0);
          if (mode !== 'indexed') expect(entriesOf(profile, 'topology'), at).toBeGreaterThan(0);
        }
        if (bytes === 0)
          expect(profile.caches, at).toEqual({ budget_bytes: 0, used_bytes: 0, caches: {} });
      }
    }
    // Under 64 KiB nothing of the large graph is kept: each read went to Lance, and each
    // topology index served the query that built it (strategy csr) and was dropped.
    if (scale === LARGE) {
      for (const mode of MODES) {
        const [top20] = find('top20');
        const profile = await profileOf(handle(TINY, mode), top20 as QueryCase);
        const at = `cache.bytes ${TINY}, traversal ${mode}`;
        expect(entriesOf(profile, 'columns'), at).toBe(0);
        expect(entriesOf(profile, 'topology'), at).toBe(0);
        expect(profile.caches.used_bytes, at).toBe(0);
        if (mode !== 'indexed') expect(profile.plan.children[1]?.strategy, at).toBe('csr');
      }
    }
  });
});
