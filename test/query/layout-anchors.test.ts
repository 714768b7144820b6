import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshTempDir } from '../helpers/temp-dir.js';

const CHILD = path.join(import.meta.dirname, 'layout-child.ts');

/** V8's optimization status bit of a function whose code is optimized by TurboFan. */
const TURBOFANNED = 1 << 6;

interface Statuses {
  readonly before: Record<string, number>;
  readonly after: Record<string, number>;
}

function runChild(root: string): Promise<Statuses> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--allow-natives-syntax', '--expose-gc', '--import', 'tsx', CHILD, root],
      { env: { ...process.env, LANCEDB_LOG: 'error' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`layout child failed: ${stderr}`));
        else resolve(JSON.parse(stdout) as Statuses);
      },
    );
  });
}

describe('the layouts of per-query classes', () => {
  it('outlive a full collection with no query running, and keep the optimized code', async () => {
    const { before, after } = await runChild(path.join(await freshTempDir('layout'), 'graph'));
    const names = ['ExecContext', 'EntityPool', 'Relation', 'RowScope', 'planMatch'];
    expect(Object.keys(before).sort()).toEqual([...names].sort());
    for (const name of names) {
      // Optimized before the collection, so that the check after it can fail.
      expect({ name, optimized: ((before[name] ?? 0) & TURBOFANNED) !== 0 }).toEqual({
        name,
        optimized: true,
      });
      expect({ name, optimized: ((after[name] ?? 0) & TURBOFANNED) !== 0 }).toEqual({
        name,
        optimized: true,
      });
    }
  });
});
