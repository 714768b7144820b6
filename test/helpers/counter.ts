import { PutModes, type ObjectStore } from '../../src/storage/index.js';
import { isOmniError } from '../../src/util/index.js';

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** Read-modify-write increment of a decimal counter with if-match, retried until it wins. */
export async function incrementCounter(store: ObjectStore, key: string): Promise<number> {
  for (;;) {
    const current = await store.get(key);
    const next = Number(decode(current.bytes)) + 1;
    try {
      await store.put(key, text(String(next)), PutModes.ifMatch(current.etag));
      return next;
    } catch (error) {
      if (!isOmniError(error, 'precondition_failed')) throw error;
    }
  }
}
