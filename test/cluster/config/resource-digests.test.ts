import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../../src/cluster/config/load-cluster.js';
import { PEOPLE_GQ, PEOPLE_PG, TEAM_POLICY, writeClusterDir } from './cluster-dir.js';

// The digests below are computed here from the formulas of the resource model, on literal
// strings, independently of the code under test.
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const CLUSTER_YAML = `version: 1
metadata: { name: tiny }
storage: s3://bucket/tiny
state: {}
providers:
  embedding:
    local: { provider: mock }
graphs:
  g:
    schema: s.pg
    queries:
      find_person: { file: q.gq }
      adults: { file: q.gq }
    embedding_provider: provider.embedding.local
    external_blobs:
      allow:
        - { base: s3://assets/g, scope: server_safe }
policies:
  p: { file: p.yaml, applies_to: [g] }
`;

// The same cluster with comments, other formatting and maps in another order.
const REFORMATTED_YAML = `# tiny, reformatted
policies:
  p:
    applies_to:
      - g   # one graph
    file: p.yaml
graphs:
  g:
    external_blobs: { allow: [ { scope: server_safe, base: s3://assets/g } ] }
    embedding_provider: provider.embedding.local
    queries: { adults: { file: q.gq }, find_person: { file: q.gq } }
    schema: s.pg
providers: { embedding: { local: { provider: mock } } }
state: { }
storage: "s3://bucket/tiny"
metadata:
  name: tiny
version: 1
`;

const FILES = { 's.pg': PEOPLE_PG, 'q.gq': PEOPLE_GQ, 'p.yaml': TEAM_POLICY };

const schemaDigest = sha256(PEOPLE_PG);
const queryDigest = sha256(PEOPLE_GQ);
const policyDigest = sha256(TEAM_POLICY);
const providerDigest = sha256('embedding-provider\0{"kind":"mock"}');
const blobPolicyJson = '{"mode":"allow","bases":[{"uri":"s3://assets/g/","scope":"server_safe"}]}';
const graphDigest = sha256(
  `graph\0g\0schema\0${schemaDigest}\0` +
    `query\0adults\0${queryDigest}\0` +
    `query\0find_person\0${queryDigest}\0` +
    `embedding_provider\0provider.embedding.local\0${providerDigest}\0` +
    `external_blob_policy\0${blobPolicyJson}\0`,
);
const configJson =
  '{"version":1,"metadata":{"name":"tiny"},"storage":"s3://bucket/tiny","state":{"lock":true},' +
  '"providers":{"embedding":{"local":{"kind":"mock"}}},' +
  '"graphs":{"g":{"schema":"s.pg","queries":{"adults":{"file":"q.gq"},"find_person":{"file":"q.gq"}},' +
  '"embedding_provider":"provider.embedding.local",' +
  '"external_blobs":{"allow":[{"base":"s3://assets/g","scope":"server_safe"}]}}},' +
  '"policies":{"p":{"file":"p.yaml","applies_to":["g"]}}}';
const configDigest = sha256(
  `cluster-config\0${configJson}` +
    `graph.g\0${graphDigest}\0` +
    `policy.p\0${policyDigest}\0` +
    `provider.embedding.local\0${providerDigest}\0` +
    `query.g.adults\0${queryDigest}\0` +
    `query.g.find_person\0${queryDigest}\0` +
    `schema.g\0${schemaDigest}\0`,
);

async function desiredOf(yaml: string) {
  const { desired, diagnostics } = await loadCluster(
    await writeClusterDir({ ...FILES, 'cluster.yaml': yaml }),
  );
  expect(diagnostics).toEqual([]);
  return desired!;
}

describe('digests', () => {
  it('follow the formulas of the resource model', async () => {
    const desired = await desiredOf(CLUSTER_YAML);
    expect(
      Object.fromEntries(desired.resources.resources.map((r) => [r.address, r.digest])),
    ).toEqual({
      'graph.g': graphDigest,
      'policy.p': policyDigest,
      'provider.embedding.local': providerDigest,
      'query.g.adults': queryDigest,
      'query.g.find_person': queryDigest,
      'schema.g': schemaDigest,
    });
    expect(desired.configDigest).toBe(configDigest);
  });

  it('ignore comments, formatting and the order of map keys', async () => {
    const desired = await desiredOf(REFORMATTED_YAML);
    expect(desired.configDigest).toBe(configDigest);
  });

  it('change with a file byte or a config value', async () => {
    const files = { ...FILES, 'q.gq': `${PEOPLE_GQ}\n` };
    const changed = await loadCluster(
      await writeClusterDir({ ...files, 'cluster.yaml': CLUSTER_YAML }),
    );
    const renamed = await desiredOf(CLUSTER_YAML.replace('name: tiny', 'name: small'));
    expect(changed.desired!.graphs.get('g')!.digest).not.toBe(graphDigest);
    expect(changed.desired!.configDigest).not.toBe(configDigest);
    expect(renamed.graphs.get('g')!.digest).toBe(graphDigest);
    expect(renamed.configDigest).not.toBe(configDigest);
  });

  it('leave the provider and blob policy out of a graph that has neither', async () => {
    const yaml = 'version: 1\nstorage: s3://bucket/tiny\ngraphs:\n  g: { schema: s.pg }\n';
    const desired = await desiredOf(yaml);
    expect(desired.graphs.get('g')!.digest).toBe(sha256(`graph\0g\0schema\0${schemaDigest}\0`));
    expect(desired.configDigest).toBe(
      sha256(
        'cluster-config\0{"version":1,"storage":"s3://bucket/tiny","graphs":{"g":{"schema":"s.pg"}}}' +
          `graph.g\0${sha256(`graph\0g\0schema\0${schemaDigest}\0`)}\0` +
          `schema.g\0${schemaDigest}\0`,
      ),
    );
  });

  it('hash a full embedding profile in the order kind, base_url, model, api_key', async () => {
    const yaml = `version: 1
storage: s3://bucket/tiny
providers:
  embedding:
    remote:
      api_key: \${OPENAI_API_KEY}
      model: text-embedding-3-large
      base_url: https://api.openai.com/v1
      kind: openai
`;
    const desired = await desiredOf(yaml);
    const profile =
      '{"kind":"openai","base_url":"https://api.openai.com/v1","model":"text-embedding-3-large","api_key":"${OPENAI_API_KEY}"}';
    expect(desired.providers.get('remote')!.digest).toBe(sha256(`embedding-provider\0${profile}`));
  });
});
