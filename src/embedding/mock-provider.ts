import { createHash } from 'node:crypto';
import type { EmbeddingProvider, EmbedOptions } from '../api/embedding-provider.js';
import { normalizeVector } from './vector-normalize.js';

/**
 * A deterministic, offline embedder: each component comes from a SHA-256 stream seeded by the
 * model name and the text, mapped to [-1, 1], then L2-normalized. The same (model, text,
 * dimension) always gives the same vector, on every platform; different texts give unrelated
 * vectors. For tests, demos and air-gapped use; it carries no meaning.
 *
 * @example await new MockEmbeddingProvider('mock').embed(['hi'], { dimension: 4, task: 'query' })
 */
export class MockEmbeddingProvider implements EmbeddingProvider {
  readonly name = 'mock';
  readonly model: string;

  constructor(model: string) {
    this.model = model;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    return texts.map((text) =>
      normalizeVector(this.#raw(text, options.dimension), options.dimension, 'mock'),
    );
  }

  #raw(text: string, dimension: number): number[] {
    const values: number[] = [];
    for (let block = 0; values.length < dimension; block += 1) {
      const digest = createHash('sha256')
        .update(`${this.model}\u0000${block}\u0000${text}`)
        .digest();
      for (let offset = 0; offset + 4 <= digest.length && values.length < dimension; offset += 4) {
        values.push((digest.readUInt32BE(offset) / 0xffffffff) * 2 - 1);
      }
    }
    return values;
  }
}
