// Child process of the engine's cross-process tests (writer lease, failpoints).
//   load <uri> <mode> <data-file> [branch]  one load; prints its result as JSON
//   hold-lease <uri> <ms>                    takes the writer lease, prints "held", keeps it ms
//   loads-then-wait <uri> <count>            loads one person at a time, count times (merge),
//                                            prints "loaded", then waits to be killed
//   idle-loads <uri> <prefix> <count>        loads one person at a time, count times (merge),
//                                            each from an idle lease (no linger); prints the
//                                            commits' ids and parents as JSON
import { setTimeout as sleep } from 'node:timers/promises';
import { parseLoadMode } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { WriterLease } from '../../src/engine/protocol/writer-lease.js';
import { openObjectStore } from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';
import { testSettings } from '../helpers/s3-env.js';

const [action, uri, ...rest] = process.argv.slice(2);
if (!action || !uri) throw new Error('usage: graph-child <action> <uri> …');

try {
  if (action === 'load') {
    const [mode, file, branch] = rest;
    if (!mode || !file) throw new Error('usage: graph-child load <uri> <mode> <file> [branch]');
    const graph = await Omnigraph.open(uri, { settings: testSettings() });
    const result = await graph.load({
      data: { path: file },
      mode: parseLoadMode(mode),
      ...(branch ? { branch } : {}),
    });
    process.stdout.write(`${JSON.stringify({ recovered: graph.recovered, result })}\n`);
    await graph.close();
  } else if (action === 'loads-then-wait') {
    const graph = await Omnigraph.open(uri, { settings: testSettings() });
    for (let i = 0; i < Number(rest[0] ?? 1); i += 1) {
      const line = JSON.stringify({ type: 'Person', data: { name: `Child${i}`, age: i } });
      await graph.load({ data: line, mode: 'merge' });
    }
    process.stdout.write('loaded\n');
    await sleep(600_000);
  } else if (action === 'idle-loads') {
    const [prefix, count] = rest;
    const graph = await Omnigraph.open(uri, {
      settings: testSettings({ writer: { lingerMs: 0 } }),
    });
    const commits: { id: string; parent: string | null }[] = [];
    for (let i = 0; i < Number(count ?? 1); i += 1) {
      const line = JSON.stringify({ type: 'Person', data: { name: `${prefix}${i}`, age: i } });
      const { commit } = await graph.load({ data: line, mode: 'merge' });
      if (commit) commits.push({ id: commit.graph_commit_id, parent: commit.parent_commit_id });
    }
    process.stdout.write(`${JSON.stringify({ recovered: graph.recovered, commits })}\n`);
    await graph.close();
  } else if (action === 'hold-lease') {
    const lease = new WriterLease(openObjectStore(uri, testSettings().s3));
    await lease.acquire();
    process.stdout.write('held\n');
    await sleep(Number(rest[0] ?? 1000));
    await lease.release();
  } else {
    throw new Error(`unknown action ${action}`);
  }
} catch (error) {
  const code = isOmniError(error) ? error.code : 'crash';
  process.stdout.write(
    `${JSON.stringify({ error: { code, message: (error as Error).message } })}\n`,
  );
  process.exitCode = 3;
}
