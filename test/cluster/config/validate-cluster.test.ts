import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../../src/cluster/config/load-cluster.js';
import { validateCluster } from '../../../src/cluster/config/validate-cluster.js';
import {
  COMPANY_BRAIN,
  COMPANY_BRAIN_YAML,
  FRIENDS_GQ,
  PEOPLE_GQ,
  PEOPLE_PG,
  SEARCH_PG,
  SERVER_POLICY,
  TEAM_POLICY,
  TEXT_GQ,
  VECTOR_GQ,
  writeClusterDir,
} from './cluster-dir.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('a valid cluster of several graphs', () => {
  it('validates with every resource, its digest and its dependencies', async () => {
    const dir = await writeClusterDir(COMPANY_BRAIN);
    const output = await validateCluster(dir);
    expect(output.ok).toBe(true);
    expect(output.config_dir).toBe(dir);
    expect(output.config_file).toBe(path.join(dir, 'cluster.yaml'));
    expect(output.diagnostics).toEqual([]);
    const graphs = Object.fromEntries(
      output.resources.filter((r) => r.kind === 'graph').map((r) => [r.address, r.digest]),
    );
    expect(output.resources).toEqual([
      { address: 'graph.knowledge', kind: 'graph', digest: graphs['graph.knowledge'] },
      { address: 'graph.people', kind: 'graph', digest: graphs['graph.people'] },
      { address: 'graph.search', kind: 'graph', digest: graphs['graph.search'] },
      {
        address: 'policy.base',
        kind: 'policy',
        digest: sha256(TEAM_POLICY),
        path: 'base.policy.yaml',
      },
      {
        address: 'policy.server',
        kind: 'policy',
        digest: sha256(SERVER_POLICY),
        path: 'server.policy.yaml',
      },
      {
        address: 'provider.embedding.default',
        kind: 'embedding_provider',
        digest: sha256(
          'embedding-provider\0{"kind":"openai-compatible","base_url":"https://openrouter.ai/api/v1","model":"openai/text-embedding-3-large","api_key":"${OPENROUTER_API_KEY}"}',
        ),
      },
      {
        address: 'provider.embedding.offline',
        kind: 'embedding_provider',
        digest: sha256('embedding-provider\0{"kind":"mock"}'),
      },
      {
        address: 'query.knowledge.adults',
        kind: 'query',
        digest: sha256(PEOPLE_GQ),
        path: 'queries/people.gq',
      },
      {
        address: 'query.knowledge.find_person',
        kind: 'query',
        digest: sha256(PEOPLE_GQ),
        path: 'queries/people.gq',
      },
      {
        address: 'query.knowledge.friends_of',
        kind: 'query',
        digest: sha256(FRIENDS_GQ),
        path: 'queries/friends.gq',
      },
      {
        address: 'query.people.find_person',
        kind: 'query',
        digest: sha256(PEOPLE_GQ),
        path: 'queries/people.gq',
      },
      {
        address: 'query.search.text_search',
        kind: 'query',
        digest: sha256(TEXT_GQ),
        path: 'search/text.gq',
      },
      {
        address: 'query.search.vector_search',
        kind: 'query',
        digest: sha256(VECTOR_GQ),
        path: 'search/vector.gq',
      },
      { address: 'schema.knowledge', kind: 'schema', digest: sha256(PEOPLE_PG), path: 'people.pg' },
      { address: 'schema.people', kind: 'schema', digest: sha256(PEOPLE_PG), path: 'people.pg' },
      { address: 'schema.search', kind: 'schema', digest: sha256(SEARCH_PG), path: 'search.pg' },
    ]);
    expect(output.resource_digests).toEqual(
      Object.fromEntries(output.resources.map((r) => [r.address, r.digest])),
    );
    expect(output.dependencies).toEqual([
      { from: 'graph.knowledge', to: 'provider.embedding.default' },
      { from: 'graph.search', to: 'provider.embedding.offline' },
      { from: 'policy.base', to: 'graph.knowledge' },
      { from: 'policy.base', to: 'graph.search' },
      { from: 'query.knowledge.adults', to: 'graph.knowledge' },
      { from: 'query.knowledge.adults', to: 'schema.knowledge' },
      { from: 'query.knowledge.find_person', to: 'graph.knowledge' },
      { from: 'query.knowledge.find_person', to: 'schema.knowledge' },
      { from: 'query.knowledge.friends_of', to: 'graph.knowledge' },
      { from: 'query.knowledge.friends_of', to: 'schema.knowledge' },
      { from: 'query.people.find_person', to: 'graph.people' },
      { from: 'query.people.find_person', to: 'schema.people' },
      { from: 'query.search.text_search', to: 'graph.search' },
      { from: 'query.search.text_search', to: 'schema.search' },
      { from: 'query.search.vector_search', to: 'graph.search' },
      { from: 'query.search.vector_search', to: 'schema.search' },
      { from: 'schema.knowledge', to: 'graph.knowledge' },
      { from: 'schema.people', to: 'graph.people' },
      { from: 'schema.search', to: 'graph.search' },
    ]);
  });

  it('loads the desired cluster the plan works from', async () => {
    const { desired } = await loadCluster(await writeClusterDir(COMPANY_BRAIN));
    expect(desired).toBeDefined();
    const { graphs, policies, providers, storageRoot } = desired!;
    expect(storageRoot).toBe('s3://omnigraph-test/clusters/company-brain');
    expect([...graphs.keys()]).toEqual(['knowledge', 'people', 'search']);
    const knowledge = graphs.get('knowledge')!;
    expect(knowledge.queries.map((q) => q.name)).toEqual(['adults', 'find_person', 'friends_of']);
    expect(knowledge.embeddingProvider).toBe('provider.embedding.default');
    expect(knowledge.externalBlobPolicy).toEqual({
      mode: 'allow',
      bases: [
        { uri: 'file:///srv/blobs/knowledge/', scope: 'embedded_only' },
        { uri: 's3://assets/knowledge/', scope: 'server_safe' },
      ],
    });
    expect(knowledge.schema.catalog.nodeTypes.map((t) => t.name)).toEqual(['Person', 'Company']);
    expect(new TextDecoder().decode(knowledge.schema.bytes)).toBe(PEOPLE_PG);
    expect(graphs.get('people')!.queries.map((q) => q.name)).toEqual(['find_person']);
    expect(graphs.get('people')!.externalBlobPolicy).toBeUndefined();
    expect(policies.get('base')!.bindings).toEqual(['graph.knowledge', 'graph.search']);
    expect(policies.get('server')!.bindings).toEqual(['cluster']);
    expect(policies.get('server')!.bundle.kind).toBe('server');
    expect(providers.get('offline')!.profile).toEqual({ kind: 'mock' });
    expect(desired!.config.state).toEqual({ backend: 'cluster', lock: true });
  });
});

describe('the storage root', () => {
  const GRAPHS = { 'people.pg': PEOPLE_PG };

  it('is the config directory, with a deprecation warning, when storage is absent', async () => {
    const dir = await writeClusterDir({ ...GRAPHS, 'cluster.yaml': 'version: 1\n' });
    const { desired, diagnostics } = await loadCluster(dir);
    expect(desired!.storageRoot).toBe(pathToFileURL(dir).href);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['invalid_storage_root', 'warning'],
    ]);
    expect((await validateCluster(dir)).ok).toBe(true);
  });

  it('resolves a relative path against the config directory', async () => {
    const dir = await writeClusterDir({
      ...GRAPHS,
      'cluster.yaml': 'version: 1\nstorage: state/\n',
    });
    const { desired } = await loadCluster(dir);
    expect(desired!.storageRoot).toBe(pathToFileURL(path.join(dir, 'state')).href);
  });

  it('keeps a file:// root', async () => {
    const yaml = 'version: 1\nstorage: file:///srv/omnigraph/brain\n';
    const { desired } = await loadCluster(
      await writeClusterDir({ ...GRAPHS, 'cluster.yaml': yaml }),
    );
    expect(desired!.storageRoot).toBe('file:///srv/omnigraph/brain');
  });
});

it('has no desired cluster while any error remains, and lists no resources', async () => {
  const files = {
    ...COMPANY_BRAIN,
    'cluster.yaml': COMPANY_BRAIN_YAML.replace('people.pg', 'gone.pg'),
  };
  const dir = await writeClusterDir(files);
  expect((await loadCluster(dir)).desired).toBeUndefined();
  const output = await validateCluster(dir);
  expect(output).toMatchObject({
    ok: false,
    resource_digests: {},
    resources: [],
    dependencies: [],
  });
  expect(output.diagnostics.map((d) => d.code)).toEqual([
    'schema_file_missing',
    'query_typecheck_skipped',
    'query_typecheck_skipped',
  ]);
});
