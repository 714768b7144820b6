import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { createQueryServices, runReadQuery } from '../../src/engine/query/index.js';
import type { Snapshot } from '../../src/engine/snapshot/snapshot.js';
import { describeOnBackends, freshGraph, ndjson, personLine, TEST_JSONL } from './graph-helpers.js';

const COUNTS = `
query older($min: I32) {
  match { $p: Person
    $p.age > $min }
  return { count($p) as n }
}
query aged() {
  match { $p: Person }
  return { count($p.age) as n }
}
query named($name: String) {
  match { $p: Person { name: $name } }
  return { count($p) as n }
}
`;

/** Runs one query of {@link COUNTS} on a snapshot: its single count. */
async function count(
  snapshot: Snapshot,
  services: ReturnType<typeof createQueryServices>,
  name: string,
  params: object = {},
): Promise<unknown> {
  const result = await runReadQuery(
    snapshot,
    { source: COUNTS, name, params, target: { branch: 'main', snapshot: null } },
    services,
  );
  return result.rows[0]?.n;
}

describeOnBackends('count pushdown: counts kept per table version and filter', (backend) => {
  let graph: Omnigraph;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'query-count-cache', { data: TEST_JSONL });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('asks Lance once per version and filter, and sees a new version at once', async () => {
    const services = createQueryServices();
    const before = await graph.resolve();
    const reader = await before.reader('node:Person');
    const lanceCount = vi.spyOn(reader, 'count');

    expect(await count(before, services, 'older', { min: 26 })).toBe(3n);
    expect(await count(before, services, 'older', { min: 26 })).toBe(3n);
    expect(lanceCount).toHaveBeenCalledTimes(1);
    // Another parameter is another filter; a NOT NULL count is one too.
    expect(await count(before, services, 'older', { min: 29 })).toBe(2n);
    expect(await count(before, services, 'aged')).toBe(4n);
    expect(lanceCount).toHaveBeenCalledTimes(3);

    await graph.load({ data: ndjson(personLine('Eve', 70)), mode: 'merge' });
    const after = await graph.resolve();
    expect(await count(after, services, 'older', { min: 26 })).toBe(4n);
    // The old version still answers from what it holds.
    expect(await count(before, services, 'older', { min: 26 })).toBe(3n);
    expect(lanceCount).toHaveBeenCalledTimes(3);
    lanceCount.mockRestore();
  });

  it('counts a filter with a very long literal every time instead of keeping it', async () => {
    const services = createQueryServices();
    const snapshot = await graph.resolve();
    const lanceCount = vi.spyOn(await snapshot.reader('node:Person'), 'count');
    const name = 'x'.repeat(5000);
    expect(await count(snapshot, services, 'named', { name })).toBe(0n);
    expect(await count(snapshot, services, 'named', { name })).toBe(0n);
    expect(lanceCount).toHaveBeenCalledTimes(2);
    lanceCount.mockRestore();
  });
});
