import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import {
  describeOnBackends,
  exportAll,
  freshGraph,
  keysUnder,
  openGraph,
  runScript,
  TEST_JSONL,
} from './graph-helpers.js';

const CHILD = path.join(import.meta.dirname, 'mutate-child.ts');

/** Touches two tables (Person, Knows) in one commit; `$name` keeps cases apart. */
const MUTATION = `
query join($name: String) {
  insert Person { name: $name, age: 20 }
  insert Knows { from: $name, to: "Alice" }
}
query leave($name: String) { delete Person where name = $name }
`;

function runMutationChild(uri: string, file: string, name: string, params: object, point: string) {
  return runScript(CHILD, [uri, file, name, JSON.stringify(params)], {
    OMNIGRAPH_FAILPOINTS: point,
  });
}

const CASES = [
  { point: 'mutate.after_table_effect', published: false },
  { point: 'mutate.before_publish', published: false },
  { point: 'mutate.after_publish', published: true },
] as const;

describeOnBackends('mutation failpoints', (backend) => {
  let uri: string;
  let file: string;
  beforeAll(async () => {
    const graph = await freshGraph(backend, 'mutate-failpoints', { data: TEST_JSONL });
    uri = graph.uri;
    await graph.close();
    file = path.join(await freshTempDir('mutate-fp'), 'mutation.gq');
    await writeFile(file, MUTATION);
  });

  for (const [index, { point, published }] of CASES.entries()) {
    for (const statement of ['join', 'leave'] as const) {
      it(`${point} (${statement}): the graph is exactly ${published ? 'after' : 'before'} and recovers`, async () => {
        const name = statement === 'join' ? `Eve${index}` : 'Bob';
        if (statement === 'leave') {
          // Bob must exist for the delete to crash: an earlier case may have removed him.
          const graph = await openGraph(uri);
          await graph.mutate({ query: 'query a() { insert Person { name: "Bob", age: 25 } }' });
          await graph.close();
        }
        const graph = await openGraph(uri);
        const before = await exportAll(graph);
        const commitsBefore = (await graph.listCommits({ branch: 'main' })).commits;
        await graph.close();

        const crash = await runMutationChild(uri, file, statement, { name }, point);
        expect(crash.code, crash.stderr + crash.stdout).toBe(FAILPOINT_EXIT_CODE);
        expect(crash.stderr).toContain(`failpoint ${point} reached`);
        expect(await keysUnder(uri, '_og/recovery/')).toHaveLength(1);

        const reader = await openGraph(uri, 'read-only');
        const seen = await exportAll(reader);
        const commitsSeen = (await reader.listCommits({ branch: 'main' })).commits;
        await reader.close();
        if (published) {
          expect(commitsSeen.slice(1)).toEqual(commitsBefore);
          expect(seen).not.toEqual(before);
        } else {
          expect(commitsSeen).toEqual(commitsBefore);
          expect(seen).toEqual(before);
        }

        const recovered = await openGraph(uri);
        expect(recovered.recovered).toEqual([
          expect.objectContaining({
            writer_kind: 'mutate',
            action: published ? 'rolled_forward' : 'rolled_back',
          }),
        ]);
        expect(await keysUnder(uri, '_og/recovery/')).toEqual([]);
        expect(await exportAll(recovered)).toEqual(seen);
        // The same mutation runs now, once.
        const result = await recovered.mutate({
          query: MUTATION,
          name: statement,
          params: { name },
        });
        if (statement === 'join') {
          expect(result).toMatchObject({ affected_nodes: 1, affected_edges: 1 });
          const people = (await exportAll(recovered, { type_names: ['Person'] })).filter((l) =>
            l.includes(`"name":"${name}"`),
          );
          expect(people).toHaveLength(1);
        } else {
          expect(result.affected_nodes).toBe(published ? 0 : 1);
        }
        await recovered.close();
      });
    }
  }
});
