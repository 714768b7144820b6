import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import { LanceTables } from '../../src/engine/lance/index.js';
import { RECOVERY_ACTOR } from '../../src/engine/protocol/recovery.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import {
  type ChildResult,
  countsOf,
  describeOnBackends,
  exportAll,
  freshGraph,
  keysUnder,
  ndjson,
  openGraph,
  runScript,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';

const CLI = path.join(import.meta.dirname, '..', '..', 'src', 'cli', 'omnigraph.ts');

/** Adds a type (a new table) and renames a property (a column rename on Person). */
const ADD_AND_RENAME = TEST_PG.replace('age: I32?', 'years: I32? @rename_from("age")').concat(
  '\nnode Tag { label: String @key }\n',
);
/** Only renames a property: the first effect is the session's column change. */
const RENAME_ONLY = TEST_PG.replace('age: I32?', 'years: I32? @rename_from("age")');

const YEARS = 'query q() { match { $p: Person } return { $p.years } order { $p.name asc } }';

interface CrashCase {
  readonly point: string;
  readonly schema: string;
  readonly published: boolean;
}

const CASES: readonly CrashCase[] = [
  { point: 'schema_apply.after_table_effect', schema: ADD_AND_RENAME, published: false },
  { point: 'schema_apply.after_table_effect', schema: RENAME_ONLY, published: false },
  { point: 'schema_apply.before_publish', schema: ADD_AND_RENAME, published: false },
  { point: 'schema_apply.after_publish', schema: ADD_AND_RENAME, published: true },
];

/** `omnigraph schema apply` in a child process (TypeScript through tsx). */
function applyInChild(uri: string, schemaFile: string, point: string): Promise<ChildResult> {
  return runScript(CLI, ['schema', 'apply', uri, '--schema', schemaFile], {
    OMNIGRAPH_FAILPOINTS: point,
  });
}

async function tableNames(uri: string): Promise<string[]> {
  const tables = await LanceTables.open(uri, { s3: testSettings().s3 });
  try {
    return await tables.tableNames();
  } finally {
    tables.close();
  }
}

describeOnBackends('schema apply failpoints', (backend) => {
  CASES.forEach(({ point, schema, published }) => {
    const what = schema === RENAME_ONLY ? 'a column rename' : 'a new table and a column rename';
    it(`${point} during ${what}: the graph is exactly ${published ? 'after' : 'before'} the apply and recovers`, async () => {
      const graph = await freshGraph(backend, 'schema-fp', { data: TEST_JSONL });
      const { uri } = graph;
      const before = await exportAll(graph);
      const commitsBefore = (await graph.listCommits()).commits;
      const tablesBefore = await tableNames(uri);
      await graph.close();
      const schemaFile = path.join(await freshTempDir('schema-fp'), 'next.pg');
      await writeFile(schemaFile, schema);

      const crash = await applyInChild(uri, schemaFile, point);
      expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);
      expect(crash.stderr).toContain(`failpoint ${point} reached`);
      expect(await keysUnder(uri, '_og/recovery/')).toHaveLength(1);

      // A read-only open sees exactly the published state and recovers nothing.
      const reader = await openGraph(uri, 'read-only');
      expect(reader.recovered).toEqual([]);
      expect((await reader.getSchema()).schema_source).toBe(published ? schema : TEST_PG);
      const commitsSeen = (await reader.listCommits()).commits;
      expect(commitsSeen.slice(published ? 1 : 0)).toEqual(commitsBefore);
      await reader.close();

      const recovered = await openGraph(uri);
      expect(recovered.recovered).toEqual([
        expect.objectContaining({
          writer_kind: 'schema_apply',
          action: published ? 'rolled_forward' : 'rolled_back',
        }),
      ]);
      expect(await keysUnder(uri, '_og/recovery/')).toEqual([]);
      const added = (await recovered.listCommits()).commits.slice(0, -commitsSeen.length);
      for (const commit of added) expect(commit.actor_id).toBe(RECOVERY_ACTOR);
      if (published) {
        expect((await recovered.getSchema()).schema_source).toBe(schema);
        const rows = await recovered.query({ query: YEARS });
        expect(rows.rows.map((row) => row['p.years'])).toEqual([30, 25, 35, 28]);
        expect(countsOf(await recovered.snapshot())).toMatchObject({ Tag: 0, Person: 4 });
      } else {
        // Before: old schema, old data, the created table gone; the apply then succeeds.
        expect((await recovered.getSchema()).schema_source).toBe(TEST_PG);
        expect(await exportAll(recovered)).toEqual(before);
        expect(await tableNames(uri)).toEqual(tablesBefore);
        const result = await recovered.applySchema({ schema_source: schema });
        expect(result.applied).toBe(true);
        const rows = await recovered.query({ query: YEARS });
        expect(rows.rows.map((row) => row['p.years'])).toEqual([30, 25, 35, 28]);
      }
      await recovered.load({
        data: ndjson({ type: 'Person', data: { name: 'Eve', years: 3 } }),
        mode: 'merge',
      });
      expect(countsOf(await recovered.snapshot())).toMatchObject({ Person: 5 });
      await recovered.close();
    });
  });
});
