import { getHeapSpaceStatistics } from 'node:v8';

/**
 * The current capacity of V8's young generation, both halves, in bytes. V8 grows it with the
 * allocation rate up to twice `--max-semi-space-size` (16 MiB a half by default; 64 MiB under
 * `omnigraph-server`). Objects allocated there reuse its pages from one collection to the next.
 */
export function youngGenerationBytes(): number {
  const space = getHeapSpaceStatistics().find((each) => each.space_name === 'new_space');
  return space?.space_size ?? 0;
}
