import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import type { ReadResult, ResultValue } from '../../src/engine/query/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** The text of a file of test/fixtures. */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** NDJSON lines from objects. */
export function ndjson(records: readonly object[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n');
}

/** A Person record of test.pg. */
export function person(name: string, age?: number | null): object {
  return { type: 'Person', data: age === undefined ? { name } : { name, age } };
}

/** A Knows edge of test.pg. */
export function knows(from: string, to: string, since?: string): object {
  return { edge: 'Knows', from, to, ...(since === undefined ? {} : { data: { since } }) };
}

/** A graph at `root` with `schema` and `data` loaded (overwrite), open read-write. */
export async function graphWith(root: string, schema: string, data: string): Promise<Omnigraph> {
  const graph = await Omnigraph.init(root, schema);
  if (data.trim() !== '') await graph.load({ kind: 'text', text: data }, { mode: 'overwrite' });
  return graph;
}

/** The fixture graph of behaviors.md §0: test.pg + test.jsonl. */
export function fixtureGraph(root: string): Promise<Omnigraph> {
  return graphWith(root, fixture('test.pg'), fixture('test.jsonl'));
}

/** The values of one column, in row order. */
export function column(result: ReadResult, name: string): ResultValue[] {
  return result.rows.map((row) => row[name] ?? null);
}

/** Runs a query of test/fixtures/test.gq. */
export function fixtureQuery(graph: Omnigraph, name: string, params?: object): Promise<ReadResult> {
  return graph.query(fixture('test.gq'), { name, params });
}
