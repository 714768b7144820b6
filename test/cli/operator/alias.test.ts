import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasCall } from '../../../src/cli/operator/alias-call.js';
import { operatorHome } from './operator-home.js';

/** What the fake server saw of one request. */
interface Seen {
  readonly url: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

const seen: Seen[] = [];
const server = createServer((request, response) => {
  void readJson(request).then((body) => {
    seen.push({ url: request.url, authorization: request.headers.authorization, body });
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        query_name: 'find_person',
        target: { branch: 'main', snapshot: null },
        row_count: 1,
        columns: ['p.name'],
        rows: [{ 'p.name': 'Ada' }],
      }),
    );
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text) as unknown;
}

const aliasConfig = (url: string): string =>
  [
    `servers: { prod: { url: "${url}/" } }`,
    'aliases:',
    '  who: { server: prod, graph: people, query: find_person, args: [name, city], params: { limit: 5, city: Paris }, format: csv }',
    '  fix: { server: prod, graph: people, query: rename, command: change }',
  ].join('\n');

describe('alias arguments', () => {
  const config = {
    aliases: {
      who: {
        server: 'prod',
        query: 'q',
        args: ['name', 'city'],
        params: { limit: 5, city: 'Paris' },
      },
    },
  };

  it('maps positionals to the alias args in order; --params beats positionals beats defaults', () => {
    expect(aliasCall(config, 'c', 'who', ['Ada']).params).toEqual({
      limit: 5,
      city: 'Paris',
      name: 'Ada',
    });
    expect(aliasCall(config, 'c', 'who', ['Ada', 'Rome']).params).toEqual({
      limit: 5,
      city: 'Rome',
      name: 'Ada',
    });
    expect(
      aliasCall(config, 'c', 'who', ['Ada', 'Rome'], { city: 'Oslo', limit: 1 }).params,
    ).toEqual({
      limit: 1,
      city: 'Oslo',
      name: 'Ada',
    });
  });

  it('refuses more positionals than the alias names', () => {
    expect(() => aliasCall(config, 'c', 'who', ['a', 'b', 'c'])).toThrow(
      "alias 'who' takes at most name, city; got 3 argument(s)",
    );
  });
});

describe('omnigraph alias', () => {
  it('invokes the stored query on its server and graph with the keyed token', async () => {
    const home = await operatorHome(aliasConfig(base));
    await home.run(['login', 'prod', '--token', 'keyed']);
    seen.length = 0;
    const run = await home.run(['alias', 'who', 'Ada'], { OMNIGRAPH_BEARER_TOKEN: 'generic' });
    expect(run).toEqual({ code: 0, out: 'p.name\nAda\n', err: '' });
    expect(seen).toEqual([
      {
        url: '/graphs/people/queries/find_person',
        authorization: 'Bearer keyed',
        body: { params: { limit: 5, city: 'Paris', name: 'Ada' }, expect_mutation: false },
      },
    ]);
  });

  it('refuses a mutation alias, an unknown alias, and scope flags before sending anything', async () => {
    const home = await operatorHome(aliasConfig(base));
    seen.length = 0;
    expect((await home.run(['alias', 'fix'])).err).toContain(
      "alias 'fix' names a mutation (`command: change`); aliases are read-only",
    );
    expect((await home.run(['alias', 'wh'])).err).toContain(
      "unknown alias 'wh'; aliases defined in",
    );
    const scoped = await home.run(['alias', 'who', '--as', 'ada']);
    expect(scoped).toMatchObject({ code: 2 });
    expect(scoped.err).toContain(
      '`alias` is a local command; --as names the actor of a write and does not apply. An alias names its own server and graph.',
    );
    expect(seen).toEqual([]);
  });
});
