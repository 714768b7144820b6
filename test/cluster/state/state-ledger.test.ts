import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  ABSENT_STATE,
  emptyClusterState,
  readState,
  STATE_KEY,
  writeState,
  type ClusterState,
  type ClusterStateInput,
  type StoredState,
} from '../../../src/cluster/index.js';
import { isOmniError } from '../../../src/util/index.js';
import {
  describeBackends,
  bytesOf,
  checkClusterError,
  expectClusterError,
  faultyStore,
  openTestStore,
  textOf,
} from './cluster-backends.js';

const D = (c: string) => c.repeat(64);
const APPROVAL_ID = '01JZ0000000000000000000001';

/** A ledger with every kind of record in it. */
function fullState(): ClusterStateInput {
  return {
    version: 1,
    applied_revision: {
      config_digest: D('c'),
      resources: {
        'schema.knowledge': { digest: D('1') },
        'graph.knowledge': {
          digest: D('2'),
          embedding_provider: 'provider.embedding.default',
          external_blob_policy: {
            mode: 'allow',
            bases: [{ uri: 's3://assets/knowledge/', scope: 'server_safe' }],
          },
        },
        'policy.base': { digest: D('3'), applies_to: ['graph.knowledge'] },
        'provider.embedding.default': {
          digest: D('4'),
          embedding_profile: {
            kind: 'openai-compatible',
            base_url: 'https://openrouter.ai/api/v1',
            model: 'openai/text-embedding-3-large',
            api_key: '${OPENROUTER_API_KEY}',
          },
        },
        'query.knowledge.find_person': { digest: D('5') },
      },
    },
    resource_statuses: {
      'graph.knowledge': { status: 'applied', conditions: [] },
      'query.knowledge.find_person': {
        status: 'drifted',
        conditions: ['payload_mismatch'],
        message: 'catalog payload changed',
      },
    },
    approval_records: {
      [APPROVAL_ID]: { consumed_at: '2026-06-11T12:00:00.000Z', consumed_by_operation: 'apply' },
    },
    recovery_records: {
      '01JZ0000000000000000000002': {
        kind: 'schema_apply',
        graph_id: 'knowledge',
        outcome: 'rolled_forward',
        recovered_at: '2026-06-11T12:00:01.000Z',
        actor: 'andrew',
      },
    },
    observations: {
      'graph.knowledge': {
        kind: 'graph',
        address: 'graph.knowledge',
        graph_uri: 's3://bucket/brain/graphs/knowledge.omni',
        observed_at: '2026-06-11T12:00:02.000+03:00',
        exists: true,
        graph_manifest_version: 7,
        schema_digest: D('1'),
        desired_schema_digest: D('1'),
        schema_matches_desired: true,
      },
      'graph.scratch': {
        kind: 'tombstone',
        deleted_at: '2026-06-11T12:00:03.000Z',
        approval_id: APPROVAL_ID,
        actor: 'andrew',
      },
    },
  };
}

describeBackends('state ledger', (backend) => {
  it('reads a root without state.json as absent', async () => {
    const store = openTestStore(await backend.root('absent'));
    expect(await readState(store)).toEqual(ABSENT_STATE);
  });

  it('round-trips every kind of record, and the CAS token hashes the exact bytes', async () => {
    const store = openTestStore(await backend.root('roundtrip'));
    const written = await writeState(store, fullState(), ABSENT_STATE);
    const read = await readState(store);
    expect(read).toEqual(written);
    const stored = await store.objects.get(STATE_KEY);
    const hex = createHash('sha256').update(stored.bytes).digest('hex');
    expect(written.cas).toBe(`sha256:${hex}`);
    expect(written.etag).toBe(stored.etag);
    expect(written.state).toMatchObject(fullState());
  });

  it('serializes deterministically: schema field order, sorted maps, 2-space JSON, newline', async () => {
    const store = openTestStore(await backend.root('bytes'));
    const state: ClusterStateInput = {
      observations: {},
      recovery_records: {},
      approval_records: {},
      resource_statuses: {
        'schema.b': { message: 'm', conditions: [], status: 'applied' },
        'graph.a': { conditions: ['graph_missing'], status: 'drifted' },
      },
      applied_revision: {
        resources: { 'schema.b': { digest: D('b') }, 'graph.a': { digest: D('a') } },
      },
      version: 1,
    };
    await writeState(store, state, ABSENT_STATE);
    const text = textOf((await store.objects.get(STATE_KEY)).bytes);
    expect(text).toBe(
      [
        '{',
        '  "version": 1,',
        '  "state_revision": 1,',
        '  "applied_revision": {',
        '    "resources": {',
        `      "graph.a": {`,
        `        "digest": "${D('a')}"`,
        '      },',
        `      "schema.b": {`,
        `        "digest": "${D('b')}"`,
        '      }',
        '    }',
        '  },',
        '  "resource_statuses": {',
        '    "graph.a": {',
        '      "status": "drifted",',
        '      "conditions": [',
        '        "graph_missing"',
        '      ]',
        '    },',
        '    "schema.b": {',
        '      "status": "applied",',
        '      "conditions": [],',
        '      "message": "m"',
        '    }',
        '  },',
        '  "approval_records": {},',
        '  "recovery_records": {},',
        '  "observations": {}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('bumps state_revision on every write, whatever the writer put in it', async () => {
    const store = openTestStore(await backend.root('revision'));
    let base: StoredState = await writeState(store, emptyClusterState(), ABSENT_STATE);
    expect(base.state.state_revision).toBe(1);
    for (const expected of [2, 3]) {
      base = await writeState(store, { ...base.state, state_revision: 99 }, base);
      expect(base.state.state_revision).toBe(expected);
    }
    expect(await readState(store)).toEqual(base);
  });

  it('reads a ledger without state_revision or maps as revision 0 with empty maps', async () => {
    const store = openTestStore(await backend.root('defaults'));
    await store.objects.put(
      STATE_KEY,
      bytesOf('{"version":1,"applied_revision":{"resources":{}}}'),
    );
    const read = await readState(store);
    expect(read.kind === 'present' && read.state).toEqual(emptyClusterState());
  });

  it('refuses a write from a stale base with state_cas_mismatch and writes nothing', async () => {
    const store = openTestStore(await backend.root('stale'));
    const first = await writeState(store, emptyClusterState(), ABSENT_STATE);
    const second = await writeState(store, fullState(), first);
    const error = await expectClusterError(
      writeState(store, emptyClusterState(), first),
      'state_cas_mismatch',
    );
    expect(error.code).toBe('conflict');
    expect(error.diagnostic.path).toBe(STATE_KEY);
    expect(error.message).toContain(first.cas);
    expect(await readState(store)).toEqual(second);
    await expectClusterError(
      writeState(store, emptyClusterState(), ABSENT_STATE),
      'state_cas_mismatch',
    );
  });

  it('lets exactly one of two concurrent writers from the same base win', async () => {
    const store = openTestStore(await backend.root('race'));
    const base = await writeState(store, emptyClusterState(), ABSENT_STATE);
    const contenders: ClusterState[] = [0, 1].map((i) => ({
      ...base.state,
      applied_revision: { resources: { [`graph.g${i}`]: { digest: D(String(i)) } } },
    }));
    const results = await Promise.allSettled(
      contenders.map((next) => writeState(openTestStore(store.uri), next, base)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    checkClusterError(lost[0]!.reason, 'state_cas_mismatch');
    expect(await readState(store)).toEqual(won[0]!.value);
  });

  it('lets exactly one of two concurrent imports create the ledger', async () => {
    const store = openTestStore(await backend.root('import-race'));
    const results = await Promise.allSettled(
      [0, 1].map(() => writeState(store, emptyClusterState(), ABSENT_STATE)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    checkClusterError(lost!.reason, 'state_cas_mismatch');
  });

  const corrupt: readonly [string, string, string][] = [
    ['not JSON', '{"version": 1,', 'invalid_state_json'],
    ['JSON that is not an object', '[1]', 'invalid_state_json'],
    [
      'an unknown top-level field',
      '{"version":1,"applied_revision":{"resources":{}},"x":1}',
      'invalid_state_json',
    ],
    [
      'an unknown nested field',
      `{"version":1,"applied_revision":{"resources":{"graph.a":{"digest":"${D('a')}","color":"red"}}}}`,
      'invalid_state_json',
    ],
    ['a missing applied_revision', '{"version":1}', 'invalid_state_json'],
    ['a missing version', '{"applied_revision":{"resources":{}}}', 'invalid_state_json'],
    [
      'a version that is not a number',
      '{"version":"1","applied_revision":{"resources":{}}}',
      'invalid_state_json',
    ],
    [
      'an unknown status',
      `{"version":1,"applied_revision":{"resources":{}},"resource_statuses":{"graph.a":{"status":"odd","conditions":[]}}}`,
      'invalid_state_json',
    ],
    ['version 2', '{"version":2,"whatever":true}', 'unsupported_state_version'],
  ];
  for (const [what, text, code] of corrupt) {
    it(`reports a ledger with ${what} as ${code}`, async () => {
      const store = openTestStore(await backend.root('corrupt'));
      await store.objects.put(STATE_KEY, bytesOf(text));
      const error = await expectClusterError(readState(store), code as 'invalid_state_json');
      expect(error.code).toBe('permanent');
      expect(error.diagnostic.path).toBe(STATE_KEY);
      expect(error.message).toContain(store.displayPath(STATE_KEY));
    });
  }

  it('reports a failed read as state_read_error, keeping the storage error code', async () => {
    const root = await backend.root('read-error');
    await writeState(openTestStore(root), emptyClusterState(), ABSENT_STATE);
    const error = await expectClusterError(
      readState(faultyStore(root, ['get'])),
      'state_read_error',
    );
    expect(error.code).toBe('transient');
    expect(error.message).toContain('injected get failure');
  });

  it('reports a failed write as state_write_error', async () => {
    const root = await backend.root('write-error');
    const error = await expectClusterError(
      writeState(faultyStore(root, ['put']), emptyClusterState(), ABSENT_STATE),
      'state_write_error',
    );
    expect(error.code).toBe('transient');
    expect(await readState(openTestStore(root))).toEqual(ABSENT_STATE);
  });

  it('refuses to write a ledger it could not read back', async () => {
    const store = openTestStore(await backend.root('invalid-write'));
    const bad = { ...emptyClusterState(), observations: { x: { kind: 'other' } } };
    const error = await writeState(store, bad as unknown as ClusterState, ABSENT_STATE).catch(
      (e: unknown) => e,
    );
    expect(isOmniError(error, 'internal')).toBe(true);
    expect(await readState(store)).toEqual(ABSENT_STATE);
  });
});
