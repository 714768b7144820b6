import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { validateCluster } from '../../../src/cluster/config/validate-cluster.js';
import type { ValidateOutput } from '../../../src/cluster/config/validate-output.js';
import type { Diagnostic } from '../../../src/cluster/diagnostic.js';

/** Files of a config directory: relative path → content. */
export type ConfigFiles = Readonly<Record<string, string | Uint8Array>>;

/** A fresh config directory holding `files`. */
export async function writeClusterDir(files: ConfigFiles): Promise<string> {
  const dir = await freshTempDir('cluster-config');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** Validates a fresh config directory holding `files`. */
export async function validateFiles(files: ConfigFiles): Promise<ValidateOutput> {
  return validateCluster(await writeClusterDir(files));
}

/** The diagnostics of `output` with `code`. */
export function withCode(output: ValidateOutput, code: string): Diagnostic[] {
  return output.diagnostics.filter((diagnostic) => diagnostic.code === code);
}

/** A schema of people and the companies they work at. */
export const PEOPLE_PG = `node Person {
    name: String @key
    age: I32?
}

node Company {
    name: String @key
}

edge Knows: Person -> Person {
    since: Date?
}

edge WorksAt: Person -> Company
`;

/** Two reads of {@link PEOPLE_PG}. */
export const PEOPLE_GQ = `query find_person($name: String) {
    match {
        $p: Person { name: $name }
    }
    return { $p.name, $p.age }
}

query adults() {
    match {
        $p: Person
        $p.age > 30
    }
    return { $p.name, $p.age }
}
`;

/** A traversal of {@link PEOPLE_PG}. */
export const FRIENDS_GQ = `query friends_of($name: String) {
    match {
        $p: Person { name: $name }
        $p knows $f
    }
    return { $f.name }
}
`;

/** Documents with text and vector search. */
export const SEARCH_PG = `node Doc {
    slug: String @key
    title: String @index
    embedding: Vector(4)
}
`;

/** A text search over {@link SEARCH_PG}. */
export const TEXT_GQ = `query text_search($q: String) {
    match {
        $d: Doc
        search($d.title, $q)
    }
    return { $d.slug, $d.title }
}
`;

/** A vector search over {@link SEARCH_PG}. */
export const VECTOR_GQ = `query vector_search($q: Vector(4)) {
    match { $d: Doc }
    return { $d.slug, $d.title }
    order { nearest($d.embedding, $q) }
    limit 3
}
`;

/** A graph-level policy bundle. */
export const TEAM_POLICY = `version: 1
groups:
  team: [act-andrew, act-bruno]
rules:
  - id: team-read
    allow:
      actors: { group: team }
      actions: [read]
`;

/** A server-level policy bundle. */
export const SERVER_POLICY = `version: 1
kind: server
groups:
  ops: [act-ragnor]
rules:
  - id: ops-list
    allow:
      actors: { group: ops }
      actions: [graph_list]
`;

/** A valid cluster of three graphs, two providers and two policies. */
export const COMPANY_BRAIN_YAML = `# The company brain: people, documents and signals.
version: 1
metadata: { name: company-brain }
storage: s3://omnigraph-test/clusters/company-brain
state: { backend: cluster, lock: true }
providers:
  embedding:
    default:
      kind: openai-compatible
      base_url: https://openrouter.ai/api/v1
      model: openai/text-embedding-3-large
      api_key: \${OPENROUTER_API_KEY}
    offline: { provider: mock }
graphs:
  knowledge:
    schema: people.pg
    queries: queries/
    embedding_provider: default
    external_blobs:
      allow:
        - { base: s3://assets/knowledge, scope: server_safe }
        - { base: file:///srv/blobs/knowledge, scope: embedded_only }
  search:
    schema: search.pg
    queries: [search/text.gq, search/vector.gq]
    embedding_provider: provider.embedding.offline
  people:
    schema: people.pg
    queries:
      find_person: { file: queries/people.gq }
policies:
  base: { file: base.policy.yaml, applies_to: [knowledge, graph.search] }
  server: { file: server.policy.yaml, applies_to: [cluster] }
`;

/** The files of {@link COMPANY_BRAIN_YAML}. */
export const COMPANY_BRAIN: ConfigFiles = {
  'cluster.yaml': COMPANY_BRAIN_YAML,
  'people.pg': PEOPLE_PG,
  'search.pg': SEARCH_PG,
  'queries/people.gq': PEOPLE_GQ,
  'queries/friends.gq': FRIENDS_GQ,
  'queries/notes.txt': 'not a query file',
  'search/text.gq': TEXT_GQ,
  'search/vector.gq': VECTOR_GQ,
  'base.policy.yaml': TEAM_POLICY,
  'server.policy.yaml': SERVER_POLICY,
};
