import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SettingsInput } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { testSettings } from '../helpers/s3-env.js';
import type { ReadOutput, ResultValue } from '../../src/api/index.js';

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

/**
 * A graph at `root` with `schema` and `data` loaded (overwrite), open read-write, with the test
 * settings and `settings` over them.
 */
export async function graphWith(
  root: string,
  schema: string,
  data: string,
  settings: SettingsInput = {},
): Promise<Omnigraph> {
  const graph = await Omnigraph.init(root, schema, { settings: testSettings(settings) });
  if (data.trim() !== '') await graph.load({ data, mode: 'overwrite' });
  return graph;
}

/** The fixture graph: test.pg + test.jsonl. */
export function fixtureGraph(root: string): Promise<Omnigraph> {
  return graphWith(root, fixture('test.pg'), fixture('test.jsonl'));
}

/** The values of one column, in row order. */
export function column(result: ReadOutput, name: string): ResultValue[] {
  return result.rows.map((row) => row[name] ?? null);
}

/** Runs a query of test/fixtures/test.gq. */
export function fixtureQuery(
  graph: Omnigraph,
  name: string,
  params?: Record<string, unknown>,
): Promise<ReadOutput> {
  return graph.query({ query: fixture('test.gq'), name, params });
}
