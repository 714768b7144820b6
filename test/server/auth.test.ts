import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessModeOf,
  authSettingsFromEnv,
  createGraphRegistry,
  loadAuthConfig,
} from '../../src/server/index.js';
import { isOmniError } from '../../src/util/omni-error.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { expectJson, startServer, TEAM_POLICY, type Harness } from './server-harness.js';

const PEOPLE = 'query people() { match { $p: Person } return { $p.name } }';
const ADD = { query: 'query add($n: String) { insert Person { name: $n } }', params: { n: 'Zoe' } };

async function configError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isOmniError(error, 'configuration'))
    throw new Error(`expected a configuration error, got ${String(error)}`);
  return error.message;
}

describe('loading tokens', () => {
  it('reads the environment at the edge into settings', () => {
    const settings = authSettingsFromEnv({
      OMNIGRAPH_SERVER_BEARER_TOKEN: ' t0 ',
      OMNIGRAPH_SERVER_BEARER_TOKENS_JSON: '{"a":"t1"}',
      OMNIGRAPH_SERVER_BEARER_TOKENS_FILE: '  ',
      OMNIGRAPH_UNAUTHENTICATED: 'FALSE',
    });
    expect(settings).toEqual({
      bearerToken: 't0',
      tokensJson: '{"a":"t1"}',
      unauthenticated: false,
    });
    expect(authSettingsFromEnv({ OMNIGRAPH_UNAUTHENTICATED: 'yes' }).unauthenticated).toBe(true);
  });

  it('combines the single token with the JSON tokens, hashed and sorted, never kept in clear', async () => {
    const auth = await loadAuthConfig({
      bearerToken: 'tok-default',
      tokensJson: '{" zed ":" t2 ","amy":"t1"}',
    });
    expect(auth.tokens.map((entry) => entry.actor)).toEqual(['amy', 'default', 'zed']);
    expect(auth.tokens.every((entry) => entry.hash.length === 32)).toBe(true);
    expect(JSON.stringify(auth)).not.toContain('tok-default');
  });

  it('prefers the file over the inline JSON', async () => {
    const file = path.join(await freshTempDir('tokens'), 'tokens.json');
    await writeFile(file, '{"from-file":"tf"}');
    const auth = await loadAuthConfig({ tokensFile: file, tokensJson: '{"inline":"ti"}' });
    expect(auth.tokens.map((entry) => entry.actor)).toEqual(['from-file']);
    expect(await configError(loadAuthConfig({ tokensFile: `${file}.missing` }))).toContain(
      'cannot read bearer tokens file',
    );
  });

  it('refuses blank and duplicate actors and tokens, and bad JSON', async () => {
    expect(await configError(loadAuthConfig({ tokensJson: '{" ":"t"}' }))).toContain('blank');
    expect(await configError(loadAuthConfig({ tokensJson: '{"a":" "}' }))).toContain('blank');
    expect(await configError(loadAuthConfig({ tokensJson: '{"a":"t","b":"t"}' }))).toContain(
      'token of another actor',
    );
    expect(
      await configError(loadAuthConfig({ tokensJson: '{"default":"t"}', bearerToken: 'u' })),
    ).toContain('listed twice');
    expect(await configError(loadAuthConfig({ tokensJson: '{"a":1}' }))).toContain(
      'must be a string',
    );
    expect(await configError(loadAuthConfig({ tokensJson: '[' }))).toContain('not valid JSON');
  });

  describe('from AWS Secrets Manager', () => {
    let endpoint: Server;
    let url: string;
    const seen: { target: string | undefined; body: unknown }[] = [];
    beforeAll(async () => {
      // Speaks the Secrets Manager JSON protocol (x-amz-json-1.1) on loopback.
      endpoint = createHttpServer((request, response) => {
        let text = '';
        request.on('data', (chunk: Buffer) => (text += chunk.toString()));
        request.on('end', () => {
          const body = JSON.parse(text) as { SecretId: string };
          seen.push({ target: request.headers['x-amz-target'] as string | undefined, body });
          response.setHeader('content-type', 'application/x-amz-json-1.1');
          if (body.SecretId !== 'og/tokens') {
            response.statusCode = 400;
            response.end(
              JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }),
            );
            return;
          }
          response.end(
            JSON.stringify({ Name: 'og/tokens', SecretString: '{"act-aws":" secret-token "}' }),
          );
        });
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    });
    afterAll(
      () =>
        new Promise<void>((resolve) => {
          endpoint.close(() => {
            resolve();
          });
        }),
    );

    const client = () => ({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });

    it('reads {actor: token} from the secret, as the only source', async () => {
      const auth = await loadAuthConfig({
        awsSecret: 'og/tokens',
        bearerToken: 'ignored',
        secretsManager: client(),
      });
      expect(auth.tokens.map((entry) => entry.actor)).toEqual(['act-aws']);
      expect(seen[0]).toEqual({
        target: 'secretsmanager.GetSecretValue',
        body: { SecretId: 'og/tokens' },
      });
    });

    it('fails to start on a secret it cannot read', async () => {
      const message = await configError(
        loadAuthConfig({ awsSecret: 'og/missing', secretsManager: client() }),
      );
      expect(message).toContain("cannot read secret 'og/missing'");
    });
  });
});

describe('runtime states', () => {
  const registry = (policy: boolean) =>
    createGraphRegistry({ graphs: [], ...(policy ? { serverPolicy: {} as never } : {}) });

  it('refuses to start with nothing configured, or a policy without tokens', async () => {
    const none = await loadAuthConfig({});
    expect(() => accessModeOf(none, registry(false))).toThrow(/--unauthenticated/);
    expect(() => accessModeOf(none, registry(true))).toThrow(/policy without tokens/);
    expect(() => accessModeOf({ ...none, unauthenticated: true }, registry(true))).toThrow(
      /policy without tokens/,
    );
  });

  it('is open, default-deny or policy', async () => {
    const tokens = await loadAuthConfig({ bearerToken: 't' });
    expect(accessModeOf({ tokens: [], unauthenticated: true }, registry(false))).toBe('open');
    expect(accessModeOf(tokens, registry(false))).toBe('default-deny');
    expect(accessModeOf({ ...tokens, unauthenticated: true }, registry(false))).toBe(
      'default-deny',
    );
    expect(accessModeOf(tokens, registry(true))).toBe('policy');
  });
});

describe('default deny (tokens, no policy)', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer({ graphs: [{ id: 'plain' }], auth: { bearerToken: 'tok-d' } });
  });
  afterAll(() => server.close());

  it('asks for a bearer token', async () => {
    const missing = await expectJson(
      await server.call('POST', '/graphs/plain/query', { json: { query: PEOPLE } }),
      401,
    );
    expect(missing).toEqual({ error: 'missing bearer token', code: 'unauthorized' });
    const basic = await server.call('GET', '/graphs/plain/schema', {
      headers: { authorization: 'Basic dG9rLWQ=' },
    });
    expect((await expectJson(basic, 401)).error).toBe('missing bearer token');
    const wrong = await expectJson(
      await server.call('GET', '/graphs/plain/schema', { token: 'tok-x' }),
      401,
    );
    expect(wrong).toEqual({ error: 'invalid bearer token', code: 'unauthorized' });
    await expectJson(await server.call('GET', '/graphs/ghost/schema'), 401);
    const health = await server.call('GET', '/healthz');
    expect(health.status).toBe(200);
  });

  it('lets an authenticated actor read, and nothing else', async () => {
    await expectJson(
      await server.call('POST', '/graphs/plain/query', { json: { query: PEOPLE }, token: 'tok-d' }),
      200,
    );
    const denied = await expectJson(
      await server.call('POST', '/graphs/plain/mutate', { json: ADD, token: 'tok-d' }),
      403,
    );
    expect(denied.code).toBe('forbidden');
    expect(denied.error).toContain(
      "policy denied action 'change' on branch 'main' for actor 'default'",
    );
    await expectJson(
      await server.call('POST', '/graphs/plain/export', { json: {}, token: 'tok-d' }),
      403,
    );
    await expectJson(
      await server.call('POST', '/graphs/plain/branches', { json: { name: 'x' }, token: 'tok-d' }),
      403,
    );
    const invoke = await expectJson(
      await server.call('POST', '/graphs/plain/queries/get_person', { json: {}, token: 'tok-d' }),
      404,
    );
    expect(invoke).toEqual({ error: 'stored query not found', code: 'not_found' });
    await expectJson(await server.call('GET', '/graphs', { token: 'tok-d' }), 403);
  });

  it('documents the bearer scheme in OpenAPI', async () => {
    const doc = await expectJson(await server.call('GET', '/openapi.json'), 200);
    expect(JSON.stringify(doc)).toContain('bearerAuth');
  });
});

describe('policy', () => {
  let server: Harness;
  const admin = 'tok-admin';
  const reader = 'tok-reader';
  beforeAll(async () => {
    server = await startServer({
      graphs: [{ id: 'team', policy: TEAM_POLICY }, { id: 'plain' }],
      serverPolicy: TEAM_POLICY,
      auth: {
        tokensJson: JSON.stringify({
          'act-admin': admin,
          'act-reader': reader,
          'act-nobody': 'tok-nobody',
        }),
      },
    });
  });
  afterAll(() => server.close());

  it('grants graph_list only through the cluster bundle', async () => {
    const list = await expectJson(await server.call('GET', '/graphs', { token: admin }), 200);
    const graphs = list.graphs as { graph_id: string; uri: string }[];
    expect(graphs.map((graph) => graph.graph_id)).toEqual(['plain', 'team']);
    expect(graphs.every((graph) => graph.uri.startsWith('file://'))).toBe(true);
    await expectJson(await server.call('GET', '/graphs', { token: reader }), 403);
  });

  it('lets the engine decide data operations for the token actor', async () => {
    await expectJson(
      await server.call('POST', '/graphs/team/query', { json: { query: PEOPLE }, token: reader }),
      200,
    );
    const denied = await expectJson(
      await server.call('POST', '/graphs/team/mutate', { json: ADD, token: reader }),
      403,
    );
    expect(denied.error).toBe(
      "policy denied action 'change' on branch 'main' for actor 'act-reader'",
    );
    const nobody = await expectJson(
      await server.call('GET', '/graphs/team/schema', { token: 'tok-nobody' }),
      403,
    );
    expect(nobody.error).toBe("policy denied action 'read' for unknown actor 'act-nobody'");
    const spoof = { token: admin, headers: { 'x-actor-id': 'act-reader' } };
    const written = await expectJson(
      await server.call('POST', '/graphs/team/mutate', { json: ADD, ...spoof }),
      200,
    );
    expect(written.actor_id).toBe('act-admin');
  });

  it('hides stored queries from actors who may not invoke them', async () => {
    const unknown = await server.call('POST', '/graphs/team/queries/nope', {
      json: {},
      token: reader,
    });
    const denied = await server.call('POST', '/graphs/team/queries/get_person', {
      json: {},
      token: reader,
    });
    expect(denied.status).toBe(404);
    expect(await denied.text()).toBe(await unknown.text());
    const invoked = await server.call('POST', '/graphs/team/queries/get_person', {
      json: { params: { name: 'Alice' } },
      token: admin,
    });
    expect((await expectJson(invoked, 200)).row_count).toBe(1);
    await expectJson(await server.call('GET', '/graphs/team/queries', { token: reader }), 200);
  });

  it('answers 404 for the diff of a commit on a branch the actor may not read', async () => {
    await expectJson(
      await server.call('POST', '/graphs/team/branches', {
        json: { name: 'secret' },
        token: admin,
      }),
      200,
    );
    const json = { ...ADD, params: { n: 'Hidden' }, branch: 'secret' };
    const change = await expectJson(
      await server.call('POST', '/graphs/team/mutate', { json, token: admin }),
      200,
    );
    const id = (change.commit as { graph_commit_id: string }).graph_commit_id;
    const route = `/graphs/team/commits/${id}/changes`;
    await expectJson(await server.call('GET', route, { token: admin }), 200);
    const hidden = await expectJson(await server.call('GET', route, { token: reader }), 404);
    expect(hidden).toEqual({ error: `commit '${id}' not found`, code: 'not_found' });
  });

  it('decides schema_apply before refusing it, and default-denies graphs without a bundle', async () => {
    const body = { schema_source: 'node X { id: String @key }' };
    await expectJson(
      await server.call('POST', '/graphs/team/schema/apply', { json: body, token: reader }),
      403,
    );
    await expectJson(
      await server.call('POST', '/graphs/team/schema/apply', { json: body, token: admin }),
      409,
    );
    await expectJson(
      await server.call('POST', '/graphs/plain/mutate', { json: ADD, token: admin }),
      403,
    );
    await expectJson(
      await server.call('POST', '/graphs/plain/query', { json: { query: PEOPLE }, token: admin }),
      200,
    );
  });

  it('logs every decision at info and never a token', () => {
    const decisions = server.logs.filter((line) => line.msg === 'policy decision');
    expect(decisions).toContainEqual(
      expect.objectContaining({
        level: 30,
        graph: 'team',
        actor: 'act-reader',
        action: 'change',
        branch: 'main',
        allowed: false,
        matched_rule_id: null,
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        graph: null,
        action: 'graph_list',
        allowed: true,
        matched_rule_id: 'admins-list',
      }),
    );
    const requests = server.logs.filter((line) => line.msg === 'request');
    expect(requests).toContainEqual(expect.objectContaining({ actor: 'act-admin', status: 200 }));
    const all = server.rawLogs.join('');
    for (const token of [admin, reader, 'tok-nobody']) expect(all).not.toContain(token);
  });
});
