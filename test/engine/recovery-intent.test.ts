import { afterEach, expect, it } from 'vitest';
import {
  listIntents,
  writeIntent,
  type RecoveryIntent,
} from '../../src/engine/root/recovery-intent.js';
import { MemoryObjectStore } from '../../src/storage/memory-object-store.js';

const STORE = 'recovery-intent-listing';

afterEach(() => {
  MemoryObjectStore.drop(STORE);
});

function intent(operationId: string, startedAt: number): RecoveryIntent {
  return {
    operation_id: operationId,
    writer_kind: 'mutate',
    branch: 'main',
    commit_id: `${operationId.slice(0, 25)}C`,
    actor_id: null,
    started_at: startedAt,
    tables: [],
  };
}

it('lists intents oldest first, and does not read those it is told to skip', async () => {
  const store = new MemoryObjectStore(STORE);
  const own = intent('01JAAAAAAAAAAAAAAAAAAAAAAA', 2);
  const left = intent('01JBBBBBBBBBBBBBBBBBBBBBBB', 1);
  const later = intent('01JCCCCCCCCCCCCCCCCCCCCCCC', 3);
  for (const written of [own, left, later]) await writeIntent(store, written);

  const all = store.requestCounts().GET;
  expect((await listIntents(store)).map((i) => i.operation_id)).toEqual([
    left.operation_id,
    own.operation_id,
    later.operation_id,
  ]);
  expect(store.requestCounts().GET - all).toBe(3);

  const others = store.requestCounts().GET;
  expect(
    (await listIntents(store, new Set([own.operation_id]))).map((i) => i.operation_id),
  ).toEqual([left.operation_id, later.operation_id]);
  expect(store.requestCounts().GET - others).toBe(2);
});
