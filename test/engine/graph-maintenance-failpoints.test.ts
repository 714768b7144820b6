import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { FAILPOINT_EXIT_CODE } from '../../src/engine/protocol/failpoints.js';
import { CUTOFF_MARGIN_MS } from '../../src/engine/maintenance/cleanup-plan.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  type ChildResult,
  describeOnBackends,
  exportAll,
  freshGraph,
  ndjson,
  openGraph,
  personLine,
  runScript,
  TEST_JSONL,
} from './graph-helpers.js';

const CHILD = path.join(import.meta.dirname, 'maintenance-child.ts');

function runMaintenance(args: readonly string[], failpoint: string): Promise<ChildResult> {
  return runScript(CHILD, args, { OMNIGRAPH_FAILPOINTS: failpoint });
}

/** Every branch's entities, and a retained commit's: what no crash may change. */
async function readable(graph: Omnigraph, retained: string): Promise<string[][]> {
  return [
    await exportAll(graph),
    await exportAll(graph, { branch: 'side' }),
    await exportAll(graph, { snapshot: retained }),
  ];
}

async function maintainedGraph(graph: Omnigraph): Promise<string> {
  for (let i = 0; i < 3; i++)
    await graph.load({ data: ndjson(personLine(`Old${i}`, 30 + i)), mode: 'merge' });
  await sleep(CUTOFF_MARGIN_MS + 500);
  await graph.createBranch({ name: 'side' });
  await graph.load({ data: ndjson(personLine('Sid', 40)), mode: 'merge', branch: 'side' });
  await graph.load({ data: ndjson(personLine('Sid2', 41)), mode: 'merge', branch: 'side' });
  await graph.load({ data: ndjson(personLine('New1', 50)), mode: 'merge' });
  const [retained] = (await graph.listCommits()).commits;
  await graph.load({ data: ndjson(personLine('New2', 51)), mode: 'merge' });
  if (!retained) throw new Error('no commit');
  return retained.graph_commit_id;
}

const POINTS = [
  { action: 'optimize', point: 'optimize.after_table_effect' },
  { action: 'optimize', point: 'optimize.before_publish' },
  { action: 'optimize', point: 'optimize.after_publish' },
  { action: 'cleanup', point: 'cleanup.before_table' },
  { action: 'cleanup', point: 'cleanup.after_table' },
  { action: 'cleanup', point: 'optimize.before_publish' },
] as const;

/**
 * On S3 (about 20 s a case) one point of each command: the protocol code is shared with the
 * local cases, and S3's own object-store behaviour is what those two exercise.
 */
const S3_CASES = new Set(['optimize optimize.before_publish', 'cleanup cleanup.after_table']);

describeOnBackends('maintenance failpoints', (backend) => {
  POINTS.filter(({ action, point }) => !backend.s3 || S3_CASES.has(`${action} ${point}`)).forEach(
    ({ action, point }) => {
      it(`${action} crashing at ${point} loses no live head or retained version`, async () => {
        const graph = await freshGraph(backend, `maint-${point}`, { data: TEST_JSONL });
        const retained = await maintainedGraph(graph);
        const before = await readable(graph, retained);
        await graph.close();

        const crashed = await runMaintenance([action, graph.uri, '2'], point);
        expect(crashed.code, crashed.stderr).toBe(FAILPOINT_EXIT_CODE);
        expect(crashed.stderr).toContain(`failpoint ${point} reached`);

        const reopened = await openGraph(graph.uri);
        expect(await readable(reopened, retained)).toEqual(before);
        // Maintenance and writes work again on both branches.
        await reopened.cleanup({ keep_versions: 2, confirm: true });
        await reopened.optimize();
        expect(await readable(reopened, retained)).toEqual(before);
        await reopened.load({ data: ndjson(personLine('After', 70)), mode: 'merge' });
        await reopened.load({
          data: ndjson(personLine('SideAfter', 71)),
          mode: 'merge',
          branch: 'side',
        });
        await reopened.close();
      });
    },
  );
});
