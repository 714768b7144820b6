import { afterAll, beforeAll, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import {
  describeOnBackends,
  freshGraph,
  ndjsonFile,
  nodesOf,
  openGraph,
  personLine,
  runChild,
} from './graph-helpers.js';
import { deletePerson, MERGE_FIXTURE, putPerson, setAge } from './merge-helpers.js';

const GET_PERSON = `query get_person($name: String) {
    match { $p: Person { name: $name } }
    return { $p.age }
}`;

/** Each person's age, by name. */
function ages(people: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.values(people).map((p): [string, unknown] => [String(p.name), p.age ?? null]),
  );
}

// Lance resolves an index a table branch inherited in its parent's folder, so a branch of a
// branch could not read the indexes `optimize` built on main: its first write of a table drops
// them (docs/reference/storage-layout.md).
describeOnBackends('branches of branches of an optimized graph', (backend) => {
  let graph: Omnigraph;
  let agents = 0;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'nested-branch-indexes', { data: MERGE_FIXTURE });
    await graph.optimize();
    await graph.createBranch({ name: 'team' });
    // team forks its Person table from main: it reads main's indexes.
    await putPerson(graph, 'team', 'Tom', 33);
  });
  afterAll(async () => {
    await graph.close();
  });

  async function agentBranch(): Promise<string> {
    agents += 1;
    const name = `team-agent${agents}`;
    await graph.createBranch({ name, from: 'team' });
    return name;
  }

  const ageOf = async (branch: string, name: string) =>
    (await graph.query({ query: GET_PERSON, params: { name }, branch })).rows;

  it('updates, deletes and merge-loads on a branch forked from a branch', async () => {
    const agent = await agentBranch();
    await setAge(graph, agent, 'Alice', 41);
    await deletePerson(graph, agent, 'Dan');
    await putPerson(graph, agent, 'Bob', 26);
    expect(ages(await nodesOf(graph, 'Person', { branch: agent }))).toEqual({
      Alice: 41,
      Bob: 26,
      Carol: 40,
      Tom: 33,
    });
    expect(ages(await nodesOf(graph, 'Person', { branch: 'team' }))).toEqual({
      Alice: 30,
      Bob: 25,
      Carol: 40,
      Dan: 50,
      Tom: 33,
    });
  });

  it('reads by key after its first write, in a process without its caches', async () => {
    const agent = await agentBranch();
    await putPerson(graph, agent, 'Eve', 22);
    const other = await Omnigraph.open(graph.uri, { settings: testSettings() });
    try {
      const ageIn = async (name: string) =>
        (await other.query({ query: GET_PERSON, params: { name }, branch: agent })).rows;
      expect(await ageIn('Alice')).toEqual([{ 'p.age': 30 }]);
      expect(await ageIn('Eve')).toEqual([{ 'p.age': 22 }]);
    } finally {
      await other.close();
    }
    const merged = await graph.mergeBranch({ source: agent, target: 'team' });
    expect(merged.outcome).toBe('fast_forward');
    expect(await ageOf('team', 'Eve')).toEqual([{ 'p.age': 22 }]);
  });

  it('builds again the indexes its first write dropped, which its own branches keep', async () => {
    const agent = await agentBranch();
    await setAge(graph, agent, 'Alice', 41);
    const rebuilt = await graph.ensureIndices({ branch: agent });
    expect(rebuilt.built).toContainEqual({ type_key: 'node:Person', column: 'id', kind: 'btree' });
    const sub = `${agent}-sub`;
    await graph.createBranch({ name: sub, from: agent });
    await deletePerson(graph, sub, 'Carol');
    const kept = await graph.ensureIndices({ branch: sub });
    expect(kept.built.filter((target) => target.type_key === 'node:Person')).toEqual([]);
    expect(kept.present).toContainEqual({ type_key: 'node:Person', column: 'id', kind: 'btree' });
    expect(await ageOf(sub, 'Alice')).toEqual([{ 'p.age': 41 }]);
    expect(await ageOf(sub, 'Carol')).toEqual([]);
  });
});

describeOnBackends('a crash in the first write of a branch of a branch', (backend) => {
  it('leaves a fork the next write takes over, dropping its unreadable indexes again', async () => {
    const graph = await freshGraph(backend, 'nested-branch-crash', { data: MERGE_FIXTURE });
    await graph.optimize();
    await graph.createBranch({ name: 'team' });
    await putPerson(graph, 'team', 'Tom', 33);
    await graph.createBranch({ name: 'team-agent', from: 'team' });
    const { uri } = graph;
    await graph.close();

    const file = await ndjsonFile('nested-crash', [personLine('Alice', 45)]);
    const point = 'load.after_table_effect';
    const crash = await runChild(['load', uri, 'merge', file, 'team-agent'], {
      OMNIGRAPH_FAILPOINTS: point,
    });
    expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);
    expect(crash.stderr).toContain(`failpoint ${point} reached`);

    const reopened = await openGraph(uri);
    try {
      expect(ages(await nodesOf(reopened, 'Person', { branch: 'team-agent' }))).toMatchObject({
        Alice: 30,
      });
      await putPerson(reopened, 'team-agent', 'Alice', 46);
      await deletePerson(reopened, 'team-agent', 'Dan');
      expect(ages(await nodesOf(reopened, 'Person', { branch: 'team-agent' }))).toEqual({
        Alice: 46,
        Bob: 25,
        Carol: 40,
        Tom: 33,
      });
    } finally {
      await reopened.close();
    }
  });
});
