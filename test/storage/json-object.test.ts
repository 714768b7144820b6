import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MemoryObjectStore,
  parseStoredJson,
  readJson,
  readJsonIfExists,
  writeJson,
  type JsonShape,
} from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';

const POINT: JsonShape<{ x: number; tags: string[] }> = {
  name: 'point',
  schema: z.object({ x: z.number(), tags: z.array(z.string()) }),
};

const bytes = (text: string) => new TextEncoder().encode(text);

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isOmniError(error, 'permanent')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ key: 'p.json', object: 'point' });
    return (error as Error).message;
  }
  throw new Error('expected a corrupt-object error');
}

describe('stored JSON with a shape', () => {
  it('returns the validated value', () => {
    expect(parseStoredJson(bytes('{"x":1,"tags":["a"]}'), 'p.json', POINT)).toEqual({
      x: 1,
      tags: ['a'],
    });
  });

  it('names the object, the key and what is wrong', () => {
    expect(problem(() => parseStoredJson(bytes('{"tags":[]}'), 'p.json', POINT))).toBe(
      'corrupt point at p.json: missing x',
    );
    expect(problem(() => parseStoredJson(bytes('{"x":1,"tags":[2]}'), 'p.json', POINT))).toBe(
      'corrupt point at p.json: tags[0]: expected string, received number',
    );
    expect(problem(() => parseStoredJson(bytes('[1]'), 'p.json', POINT))).toBe(
      'corrupt point at p.json: expected object, received array',
    );
    expect(problem(() => parseStoredJson(bytes('{"x":'), 'p.json', POINT))).toBe(
      'corrupt point at p.json: not valid JSON',
    );
  });

  it('reads through a store, and absent objects stay absent', async () => {
    const store = new MemoryObjectStore(`json-${Date.now()}`);
    await writeJson(store, 'p.json', { x: 2, tags: [] });
    expect((await readJson(store, 'p.json', POINT)).value).toEqual({ x: 2, tags: [] });
    expect(await readJsonIfExists(store, 'absent.json', POINT)).toBeUndefined();
    await store.put('p.json', bytes('{"x":"2","tags":[]}'));
    const error = await readJsonIfExists(store, 'p.json', POINT).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'corrupt point at p.json: x: expected number, received string',
    );
  });

  it('without a shape, returns the JSON for the caller to check', () => {
    expect(parseStoredJson(bytes('{"any":[1]}'), 'k')).toEqual({ any: [1] });
    expect(() => parseStoredJson(bytes('nope'), 'k')).toThrow(
      'corrupt JSON object at k: not valid JSON',
    );
  });
});
