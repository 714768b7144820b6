import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../engine/graph-helpers.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const CHILD = path.join(import.meta.dirname, 'layout-child.ts');

/** V8's optimization status bit of a function whose code is optimized by TurboFan. */
const TURBOFANNED = 1 << 6;

/** Optimization statuses by function name, before and after the collection. */
interface Statuses {
  readonly before: Record<string, number>;
  readonly after: Record<string, number>;
}

describe('the layouts of per-query classes', () => {
  it('outlive a full collection with no query running, and keep the optimized code', async () => {
    const root = path.join(await freshTempDir('layout'), 'graph');
    const child = await runScript(CHILD, [root], {}, ['--allow-natives-syntax', '--expose-gc']);
    expect(child.code, child.stderr).toBe(0);
    const { before, after } = JSON.parse(child.stdout) as Statuses;
    const names = [
      'ExecContext',
      'EntityPool',
      'Relation',
      'RowScope',
      'planMatch',
      'CsrStrategy',
      'NodeSlotMap',
      'IndexedStrategy',
      'LanceEdgeLookups',
    ];
    const optimized = (statuses: Record<string, number>) =>
      names.filter((name) => ((statuses[name] ?? 0) & TURBOFANNED) !== 0);
    expect(Object.keys(before).sort()).toEqual([...names].sort());
    // Optimized before the collection, so that the check after it can fail.
    expect(optimized(before)).toEqual(names);
    expect(optimized(after)).toEqual(names);
  });
});
