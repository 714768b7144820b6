import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { edgeLine, ndjson, nodesOf, personLine } from './graph-helpers.js';

/** The merge fixture: four people and Bob→Carol. */
export const MERGE_FIXTURE = [
  personLine('Alice', 30),
  personLine('Bob', 25),
  personLine('Carol', 40),
  personLine('Dan', 50),
  edgeLine('Knows', 'Bob', 'Carol'),
]
  .map((line) => JSON.stringify(line))
  .join('\n');

/** Inserts (or replaces) a person on a branch. */
export async function putPerson(
  graph: Omnigraph,
  branch: string,
  name: string,
  age: number | null,
): Promise<void> {
  await graph.load({ data: ndjson(personLine(name, age)), mode: 'merge', branch });
}

/** Adds a Knows edge on a branch. */
export async function addKnows(
  graph: Omnigraph,
  branch: string,
  from: string,
  to: string,
): Promise<void> {
  await graph.load({ data: ndjson(edgeLine('Knows', from, to)), mode: 'append', branch });
}

/** Sets a person's age on a branch (a mutation). */
export async function setAge(
  graph: Omnigraph,
  branch: string,
  name: string,
  age: number,
): Promise<void> {
  const result = await graph.mutate({
    query: 'query set_age($n: String, $a: I32) { update Person set { age: $a } where name = $n }',
    branch,
    params: { n: name, a: age },
  });
  if (result.affected_nodes !== 1) throw new Error(`no person ${name} on ${branch}`);
}

/** Deletes a person and its edges on a branch (a mutation). */
export async function deletePerson(graph: Omnigraph, branch: string, name: string): Promise<void> {
  const result = await graph.mutate({
    query: 'query drop($n: String) { delete Person where name = $n }',
    branch,
    params: { n: name },
  });
  if (result.affected_nodes !== 1) throw new Error(`no person ${name} on ${branch}`);
}

/**
 * Deletes a person (who has no edges) by overwriting Person with the others: every other row is
 * rewritten with identical content, which must not count as a change.
 */
export async function overwriteWithout(
  graph: Omnigraph,
  branch: string,
  name: string,
): Promise<void> {
  const people = await nodesOf(graph, 'Person', { branch });
  const kept = Object.values(people)
    .filter((p) => p.name !== name)
    .map((p) => personLine(String(p.name), typeof p.age === 'number' ? p.age : null));
  await graph.load({ data: ndjson(...kept), mode: 'overwrite', branch });
}
