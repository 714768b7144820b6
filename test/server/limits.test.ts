import { describe, expect, it } from 'vitest';
import { serverLimitsFromEnv } from '../../src/server/index.js';
import { expectJson, startServer } from './server-harness.js';

const PEOPLE = 'query people() { match { $p: Person } return { $p.name } }';
const add = (name: string) => ({
  query: 'query add($n: String) { insert Person { name: $n } }',
  params: { n: name },
});

describe('per-actor admission', () => {
  it('reads the environment, falling back to defaults on bad values', () => {
    expect(
      serverLimitsFromEnv({
        OMNIGRAPH_PER_ACTOR_INFLIGHT_MAX: '2',
        OMNIGRAPH_PER_ACTOR_BYTES_MAX: 'lots',
      }),
    ).toEqual({
      actorInflight: 2,
    });
    expect(serverLimitsFromEnv({ OMNIGRAPH_PER_ACTOR_INFLIGHT_MAX: '0' })).toEqual({});
  });

  it('caps in-flight writes and bytes per actor with 429 and Retry-After; reads pass', async () => {
    const server = await startServer({
      graphs: [{ id: 'g' }],
      limits: { actorInflight: 1, actorBytes: 200 },
    });
    try {
      const responses = await Promise.all(
        ['A1', 'A2', 'A3'].map((name) =>
          server.call('POST', '/graphs/g/mutate', { json: add(name) }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses[0]).toBe(200);
      expect(statuses).toContain(429);
      const limited = responses.find((response) => response.status === 429)!;
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(await limited.json()).toEqual({
        error: 'actor in-flight count cap 1 exceeded',
        code: 'too_many_requests',
      });
      const big = { ...add('B'), query: `${add('B').query}${' '.repeat(300)}` };
      const over = await expectJson(
        await server.call('POST', '/graphs/g/mutate', { json: big }),
        429,
      );
      expect(over.error).toMatch(
        /^actor byte budget exceeded: would use \d+ bytes against cap 200$/,
      );
      const reads = await Promise.all(
        [1, 2, 3].map(() =>
          server.call('POST', '/graphs/g/query', {
            json: { query: `${PEOPLE}${' '.repeat(300)}` },
          }),
        ),
      );
      expect(reads.map((response) => response.status)).toEqual([200, 200, 200]);
    } finally {
      await server.close();
    }
  });
});

describe('close', () => {
  it('finishes in-flight requests, then stops listening', async () => {
    let arrived!: () => void;
    const handling = new Promise<void>((resolve) => (arrived = resolve));
    const server = await startServer({
      graphs: [{ id: 'g' }],
      beforeListen: (app) => {
        app.addHook('preHandler', async () => {
          arrived();
        });
      },
    });
    const data = Array.from(
      { length: 2000 },
      (_, i) => `{"type":"Person","data":{"name":"p${i}","age":${i % 90}}}`,
    ).join('\n');
    const inFlight = server.call('POST', '/graphs/g/load', { json: { data } });
    await handling;
    const closed = server.close();
    const response = await inFlight;
    expect(response.headers.get('connection')).toBe('close');
    expect((await expectJson(response, 200)).total_entities).toBe(2000);
    await closed;
    await expect(server.call('GET', '/healthz')).rejects.toThrow();
  });
});
