import type { Utf8Chunk } from '../../lance/index.js';
import { ByteIds, hashBytes } from './byte-ids.js';

/** An edge table's endpoints numbered from their bytes, and a checksum of what was read. */
export interface NumberedEndpoints {
  readonly nodeIds: readonly string[];
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** {@link endpointsChecksum} of the endpoints as read. */
  readonly checksum: number;
}

/**
 * Numbers the endpoints of every edge, edge by edge and the source first (the order the string
 * build numbers them in), straight from the UTF-8 chunks of the `src` and `dst` columns of one
 * scan. Undefined when the two columns are not chunked alike.
 */
export function numberEndpoints(
  src: readonly Utf8Chunk[],
  dst: readonly Utf8Chunk[],
): NumberedEndpoints | undefined {
  if (!chunkedAlike(src, dst)) return undefined;
  const count = src.reduce((sum, chunk) => sum + chunk.length, 0);
  const ids = new ByteIds();
  const srcNumbers = new Int32Array(count);
  const dstNumbers = new Int32Array(count);
  let edge = 0;
  src.forEach((from, index) => {
    const to = dst[index] as Utf8Chunk;
    for (let row = 0; row < from.length; row += 1, edge += 1) {
      srcNumbers[edge] = ids.number(
        from.values,
        from.offsets[row] ?? 0,
        from.offsets[row + 1] ?? 0,
      );
      dstNumbers[edge] = ids.number(to.values, to.offsets[row] ?? 0, to.offsets[row + 1] ?? 0);
    }
  });
  return {
    nodeIds: ids.ids(),
    src: srcNumbers,
    dst: dstNumbers,
    checksum: endpointsChecksum(src, dst),
  };
}

/**
 * An order-sensitive checksum of every edge's endpoint bytes: two reads of one table version
 * that agree on it came in the same order (a later read of the edge ids is checked this way).
 */
export function endpointsChecksum(src: readonly Utf8Chunk[], dst: readonly Utf8Chunk[]): number {
  let checksum = 0;
  const add = (chunk: Utf8Chunk, row: number): void => {
    const hash = hashBytes(chunk.values, chunk.offsets[row] ?? 0, chunk.offsets[row + 1] ?? 0);
    checksum = (Math.imul(checksum, 0x01000193) + hash) | 0;
  };
  src.forEach((from, index) => {
    const to = dst[index] as Utf8Chunk;
    for (let row = 0; row < from.length; row += 1) {
      add(from, row);
      add(to, row);
    }
  });
  return checksum;
}

function chunkedAlike(src: readonly Utf8Chunk[], dst: readonly Utf8Chunk[]): boolean {
  return (
    src.length === dst.length && src.every((chunk, index) => chunk.length === dst[index]?.length)
  );
}
