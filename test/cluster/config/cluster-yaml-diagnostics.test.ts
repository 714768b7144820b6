import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/cluster/diagnostic.js';
import { PEOPLE_GQ, PEOPLE_PG, TEAM_POLICY, validateFiles, withCode } from './cluster-dir.js';

// Every case names a storage root, so the only warnings are the ones a case is about.
const FILES = {
  'people.pg': PEOPLE_PG,
  'queries/people.gq': PEOPLE_GQ,
  'base.policy.yaml': TEAM_POLICY,
};

async function diagnosticsOf(yaml: string): Promise<readonly Diagnostic[]> {
  const output = await validateFiles({ ...FILES, 'cluster.yaml': yaml });
  expect(output.ok).toBe(!output.diagnostics.some((d) => d.severity === 'error'));
  return output.diagnostics;
}

/** The one diagnostic with `code`. */
async function only(yaml: string, code: string): Promise<Diagnostic> {
  const output = await validateFiles({ ...FILES, 'cluster.yaml': yaml });
  const found = withCode(output, code);
  expect(found, JSON.stringify(output.diagnostics)).toHaveLength(1);
  return found[0]!;
}

describe('the YAML itself', () => {
  it('reports a syntax error at its position as invalid_cluster_yaml and stops there', async () => {
    const diagnostics = await diagnosticsOf('version: 1\ngraphs: { people: [\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'invalid_cluster_yaml',
      severity: 'error',
      path: expect.stringMatching(/^cluster\.yaml:\d+:\d+$/) as unknown,
      message: expect.stringContaining('invalid YAML') as unknown,
    });
  });

  it('reports every key written twice in one map as duplicate_yaml_key', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
graphs:
  people:
    schema: people.pg
  people:
    schema: people.pg
    queries: queries/
    queries: queries/
`;
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'duplicate_yaml_key',
        severity: 'error',
        path: 'cluster.yaml:6:3',
        message: "duplicate key 'people' (first written at cluster.yaml:4:3)",
      },
      {
        code: 'duplicate_yaml_key',
        severity: 'error',
        path: 'cluster.yaml:9:5',
        message: "duplicate key 'queries' (first written at cluster.yaml:8:5)",
      },
    ]);
  });

  it('requires a map at the top level', async () => {
    const diagnostics = await diagnosticsOf('- version: 1\n');
    expect(diagnostics).toEqual([
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:1:1',
        message: '(top level): must be a map, not a list',
      },
    ]);
  });
});

describe('fields', () => {
  it('names an unknown field at its key, with the closest known one', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
graph:
  people: { schema: people.pg }
`;
    expect(await only(yaml, 'invalid_cluster_yaml')).toEqual({
      code: 'invalid_cluster_yaml',
      severity: 'error',
      path: 'cluster.yaml:3:1',
      message: "unknown field 'graph' at the top level; did you mean 'graphs'?",
    });
  });

  it('names an unknown nested field and the required field it misses', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
graphs:
  people:
    shema: people.pg
`;
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:5:5',
        message: 'graphs.people.schema: is required',
      },
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:5:5',
        message: "unknown field 'shema' in graphs.people; did you mean 'schema'?",
      },
    ]);
  });

  it('names a value of the wrong type', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
state: { lock: "no" }
`;
    expect(await only(yaml, 'invalid_cluster_yaml')).toMatchObject({
      path: 'cluster.yaml:3:16',
      message: 'state.lock: must be true or false, not a string',
    });
  });

  it('refuses reserved top-level keys as future_phase_field', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
pipelines:
  nightly: {}
`;
    expect(await only(yaml, 'future_phase_field')).toEqual({
      code: 'future_phase_field',
      severity: 'error',
      path: 'cluster.yaml:3:1',
      message:
        "'pipelines' is reserved for a later version of the cluster control plane and is not supported yet",
    });
  });
});

describe('version, metadata, storage and state', () => {
  it('accepts only version 1', async () => {
    const diagnostic = await only(
      'version: 2\nstorage: s3://bucket/c\n',
      'unsupported_cluster_config_version',
    );
    expect(diagnostic).toMatchObject({
      path: 'cluster.yaml:1:10',
      message: expect.stringContaining('version 2 is not supported') as unknown,
    });
  });

  it('requires a version', async () => {
    expect(await only('storage: s3://bucket/c\n', 'invalid_cluster_yaml')).toMatchObject({
      path: 'cluster.yaml:1:1',
      message: 'version: is required',
    });
  });

  it('refuses an empty metadata.name', async () => {
    const yaml = 'version: 1\nstorage: s3://bucket/c\nmetadata: { name: "  " }\n';
    expect(await only(yaml, 'empty_metadata_name')).toEqual({
      code: 'empty_metadata_name',
      severity: 'error',
      path: 'cluster.yaml:3:19',
      message: 'metadata.name is empty',
    });
  });

  it.each([
    ['s3://', 'the bucket name is empty'],
    ['memory://scratch', 'not in memory'],
    ['ftp://host/x', "unsupported scheme 'ftp'"],
    ['', 'it is empty'],
  ])('refuses storage %j as invalid_storage_root', async (storage, reason) => {
    const diagnostic = await only(`version: 1\nstorage: "${storage}"\n`, 'invalid_storage_root');
    expect(diagnostic).toMatchObject({
      severity: 'error',
      path: 'cluster.yaml:2:10',
      message: expect.stringContaining(reason) as unknown,
    });
  });

  it('warns with invalid_storage_root when storage is absent (the config dir is deprecated)', async () => {
    const diagnostic = await only('version: 1\n', 'invalid_storage_root');
    expect(diagnostic).toMatchObject({
      severity: 'warning',
      path: 'cluster.yaml:1:1',
      message: expect.stringContaining("'storage' is not set") as unknown,
    });
  });

  it('accepts only the cluster state backend', async () => {
    const yaml = 'version: 1\nstorage: s3://bucket/c\nstate: { backend: etcd }\n';
    expect(await only(yaml, 'unsupported_state_backend')).toMatchObject({
      severity: 'error',
      path: 'cluster.yaml:3:19',
      message: expect.stringContaining("state.backend 'etcd' is not supported") as unknown,
    });
  });

  it('warns when the state lock is disabled', async () => {
    const yaml = 'version: 1\nstorage: s3://bucket/c\nstate: { lock: false }\n';
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'state_lock_disabled',
        severity: 'warning',
        path: 'cluster.yaml:3:16',
      }),
    ]);
  });
});

describe('embedding providers', () => {
  const yaml = `version: 1
storage: s3://bucket/c
providers:
  embedding:
    typo: { kind: opnai, api_key: "\${OPENAI_API_KEY}" }
    both: { kind: mock, provider: mock }
    url: { kind: mock, base_url: "ftp://models.example" }
    inline: { kind: openai, api_key: sk-secret-123 }
    nokey: { kind: gemini }
    extra: { kind: mock, region: eu }
    bad.name: { kind: mock }
    fine: { provider: mock }
  llm: {}
`;

  it('reports every broken profile at its field', async () => {
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:13:3',
        message: "unknown field 'llm' in providers",
      },
      {
        code: 'invalid_embedding_provider',
        severity: 'error',
        path: 'cluster.yaml:5:19',
        message:
          "embedding provider 'typo' has unknown kind 'opnai' (one of openai-compatible, openai, gemini, mock); did you mean 'openai'?",
      },
      {
        code: 'invalid_embedding_provider',
        severity: 'error',
        path: 'cluster.yaml:6:35',
        message: "embedding provider 'both' sets both 'kind' and its alias 'provider'",
      },
      {
        code: 'invalid_embedding_provider',
        severity: 'error',
        path: 'cluster.yaml:7:34',
        message:
          "embedding provider 'url' has base_url 'ftp://models.example'; it must be an http:// or https:// URL",
      },
      {
        code: 'embedding_api_key_inline',
        severity: 'error',
        path: 'cluster.yaml:8:38',
        message:
          "embedding provider 'inline' must name its api_key as ${VAR_NAME}, an environment variable, not hold the key itself",
      },
      {
        code: 'embedding_api_key_required',
        severity: 'error',
        path: 'cluster.yaml:9:12',
        message:
          "embedding provider 'nokey' (gemini) needs api_key: ${VAR_NAME}, naming the environment variable that holds the key",
      },
      {
        code: 'invalid_embedding_provider',
        severity: 'error',
        path: 'cluster.yaml:10:26',
        message: "unknown field 'region' in providers.embedding.extra",
      },
      {
        code: 'invalid_resource_id',
        severity: 'error',
        path: 'cluster.yaml:11:5',
        message:
          "embedding provider 'bad.name' is not a valid id: it must start with an ASCII letter or '_' and hold only letters, digits, '_' and '-'",
      },
    ]);
  });

  it('never echoes an inline key', async () => {
    const diagnostics = await diagnosticsOf(yaml);
    expect(JSON.stringify(diagnostics)).not.toContain('sk-secret');
  });
});

describe('graphs', () => {
  it('checks ids, references, queries and removed fields of each graph', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
providers:
  embedding:
    default: { kind: mock }
graphs:
  9lives: { schema: people.pg }
  a: { schema: people.pg, embedding_provider: defualt }
  b: { schema: people.pg, embedding_provider: graph.a }
  c: { schema: people.pg, streaming: { source: kafka } }
  d: { schema: people.pg, queries: 5 }
  e: { schema: people.pg, queries: { find_person: { fil: queries/people.gq } } }
`;
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'invalid_resource_id',
        severity: 'error',
        path: 'cluster.yaml:7:3',
        message: expect.stringContaining("graph '9lives' is not a valid id") as unknown,
      },
      {
        code: 'dangling_embedding_provider_reference',
        severity: 'error',
        path: 'cluster.yaml:8:47',
        message:
          "embedding_provider 'defualt' names no provider under providers.embedding (declared: default); did you mean 'default'?",
      },
      {
        code: 'wrong_kind_reference',
        severity: 'error',
        path: 'cluster.yaml:9:47',
        message:
          "embedding_provider 'graph.a' is not an embedding provider: name one as '<name>' or 'provider.embedding.<name>'",
      },
      {
        code: 'removed_streaming_declaration',
        severity: 'error',
        path: 'cluster.yaml:10:27',
        message: expect.stringContaining(
          "'streaming' is no longer declared in cluster.yaml",
        ) as unknown,
      },
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:11:36',
        message:
          'graphs.d.queries: must be a directory, a list of .gq files or a map of query name to {file}',
      },
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:12:51',
        message: 'graphs.e.queries.find_person.file: is required',
      },
      {
        code: 'invalid_cluster_yaml',
        severity: 'error',
        path: 'cluster.yaml:12:53',
        message: "unknown field 'fil' in graphs.e.queries.find_person; did you mean 'file'?",
      },
    ]);
  });
});

describe('external blobs', () => {
  it('checks every base and scope', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
graphs:
  a:
    schema: people.pg
    external_blobs:
      allow:
        - { base: "s3://AKIA:hunter2@assets/x", scope: server_safe }
        - { base: s3://assets/a/../b, scope: server_safe }
        - { base: file:///srv/blobs, scope: server_safe }
        - { base: s3://assets/x, scope: everywhere }
  b:
    schema: people.pg
    external_blobs:
      allow:
        - { base: s3://assets/b, scope: server_safe }
        - { base: s3://assets/b/deep/, scope: embedded_only }
  c:
    schema: people.pg
    external_blobs: { allow: [] }
`;
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'invalid_external_blob_base',
        severity: 'error',
        path: 'cluster.yaml:8:19',
        message: 'the base may not carry credentials',
      },
      {
        code: 'invalid_external_blob_base',
        severity: 'error',
        path: 'cluster.yaml:9:19',
        message: "base 's3://assets/a/../b' may not hold '.' or '..' segments",
      },
      {
        code: 'invalid_external_blob_policy',
        severity: 'error',
        path: 'cluster.yaml:10:45',
        message: expect.stringContaining(
          "base 'file:///srv/blobs/' is a local directory and cannot be server_safe",
        ) as unknown,
      },
      {
        code: 'invalid_external_blob_policy',
        severity: 'error',
        path: 'cluster.yaml:11:41',
        message: "unknown scope 'everywhere' (one of server_safe, embedded_only)",
      },
      {
        code: 'invalid_external_blob_policy',
        severity: 'error',
        path: 'cluster.yaml:17:19',
        message:
          "base 's3://assets/b/deep/' overlaps base 's3://assets/b/'; allowed bases may not nest",
      },
      {
        code: 'external_blob_ingress_default_deny',
        severity: 'warning',
        path: 'cluster.yaml:20:21',
        message: expect.stringContaining(
          "graph 'c' declares external_blobs but allows no base",
        ) as unknown,
      },
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain('hunter2');
  });
});

describe('policies', () => {
  it('checks every binding', async () => {
    const yaml = `version: 1
storage: s3://bucket/c
graphs:
  people: { schema: people.pg }
  other: { schema: people.pg }
policies:
  none: { file: base.policy.yaml }
  empty: { file: base.policy.yaml, applies_to: [] }
  mixed: { file: base.policy.yaml, applies_to: [cluster, other] }
  dangling: { file: base.policy.yaml, applies_to: [peple] }
  wrong: { file: base.policy.yaml, applies_to: [schema.people] }
  first: { file: base.policy.yaml, applies_to: [people] }
  second: { file: base.policy.yaml, applies_to: [graph.people, people] }
`;
    const diagnostics = await diagnosticsOf(yaml);
    expect(diagnostics).toEqual([
      {
        code: 'policy_missing_applies_to',
        severity: 'error',
        path: 'cluster.yaml:7:9',
        message: "policy 'none' needs applies_to: [cluster] or a list of graph ids",
      },
      {
        code: 'policy_missing_applies_to',
        severity: 'error',
        path: 'cluster.yaml:8:48',
        message: "policy 'empty' needs applies_to: [cluster] or a list of graph ids",
      },
      {
        code: 'policy_mixed_binding_kinds',
        severity: 'error',
        path: 'cluster.yaml:9:48',
        message: expect.stringContaining(
          "policy 'mixed' binds both the cluster and graphs",
        ) as unknown,
      },
      {
        code: 'dangling_graph_reference',
        severity: 'error',
        path: 'cluster.yaml:10:52',
        message:
          "policies.dangling.applies_to[0]: no graph 'peple' is declared under graphs; did you mean 'people'?",
      },
      {
        code: 'wrong_kind_reference',
        severity: 'error',
        path: 'cluster.yaml:11:49',
        message: expect.stringContaining(
          "'schema.people' is not a graph or the cluster",
        ) as unknown,
      },
      {
        code: 'duplicate_policy_binding',
        severity: 'error',
        path: 'cluster.yaml:13:64',
        message: "policy 'second' lists 'graph.people' twice",
      },
      {
        code: 'duplicate_policy_binding',
        severity: 'error',
        path: 'cluster.yaml:13:50',
        message:
          "'graph.people' is already bound by policy 'first'; one policy bundle applies to each scope",
      },
    ]);
  });
});

it('reports problems of every section at once', async () => {
  const yaml = `version: 3
metadata: { name: "" }
storage: s3://bucket/c
ui: {}
graphs:
  people: { schema: people.pg, embedding_provider: missing }
policies:
  base: { file: base.policy.yaml, applies_to: [nobody] }
`;
  const codes = (await diagnosticsOf(yaml)).map((d) => d.code);
  expect(codes).toEqual([
    'future_phase_field',
    'unsupported_cluster_config_version',
    'empty_metadata_name',
    'dangling_embedding_provider_reference',
    'dangling_graph_reference',
  ]);
});
