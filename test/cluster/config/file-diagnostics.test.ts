import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCluster } from '../../../src/cluster/config/validate-cluster.js';
import type { Diagnostic } from '../../../src/cluster/diagnostic.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import {
  PEOPLE_GQ,
  PEOPLE_PG,
  SERVER_POLICY,
  TEAM_POLICY,
  validateFiles,
  writeClusterDir,
  type ConfigFiles,
} from './cluster-dir.js';

const HEADER = 'version: 1\nstorage: s3://bucket/c\n';

/** The diagnostics of a cluster of one graph `people` declared by `graph` (YAML lines). */
async function graphDiagnostics(graph: string, files: ConfigFiles): Promise<readonly Diagnostic[]> {
  const yaml = `${HEADER}graphs:\n  people:\n${graph}`;
  const output = await validateFiles({ 'cluster.yaml': yaml, ...files });
  return output.diagnostics;
}

describe('the config directory', () => {
  it('reports a missing directory as config_dir_not_found', async () => {
    const dir = path.join(await freshTempDir('cluster-config'), 'absent');
    const output = await validateCluster(dir);
    expect(output).toEqual({
      ok: false,
      config_dir: dir,
      config_file: path.join(dir, 'cluster.yaml'),
      resource_digests: {},
      resources: [],
      dependencies: [],
      diagnostics: [
        {
          code: 'config_dir_not_found',
          severity: 'error',
          path: 'cluster.yaml',
          message: `config directory '${dir}' does not exist or is not a directory`,
        },
      ],
    });
  });

  it('reports a directory without cluster.yaml as cluster_config_read_error', async () => {
    const output = await validateCluster(await writeClusterDir({ 'people.pg': PEOPLE_PG }));
    expect(output.diagnostics).toEqual([
      {
        code: 'cluster_config_read_error',
        severity: 'error',
        path: 'cluster.yaml',
        message: "cannot read cluster config file 'cluster.yaml': no such file",
      },
    ]);
  });

  it('reports cluster.yaml that is not UTF-8 at the bad byte', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('version: 1\nx: '), 0xff, 0x0a]);
    const output = await validateFiles({ 'cluster.yaml': bytes });
    expect(output.diagnostics).toEqual([
      {
        code: 'cluster_config_read_error',
        severity: 'error',
        path: 'cluster.yaml:2:4',
        message: 'cluster.yaml: invalid UTF-8 byte 0xFF',
      },
    ]);
  });
});

describe('schemas', () => {
  it('reports a missing schema file at the key naming it', async () => {
    const diagnostics = await graphDiagnostics('    schema: missing.pg\n', {});
    expect(diagnostics).toEqual([
      {
        code: 'schema_file_missing',
        severity: 'error',
        path: 'cluster.yaml:5:13',
        message: "cannot read schema file 'missing.pg': no such file",
      },
    ]);
  });

  it.each([
    ['../outside.pg', "path '../outside.pg' leaves the config directory"],
    ['/etc/passwd', "path '/etc/passwd' is absolute; name files relative to the config directory"],
  ])('refuses schema path %j outside the config directory', async (schema, message) => {
    const diagnostics = await graphDiagnostics(`    schema: ${schema}\n`, {});
    expect(diagnostics).toEqual([
      { code: 'invalid_cluster_yaml', severity: 'error', path: 'cluster.yaml:5:13', message },
    ]);
  });

  it('reports a syntax error in the schema at its position, and skips the typecheck', async () => {
    const files = { 'people.pg': 'node Person {\n    name: String @key\n', 'q.gq': PEOPLE_GQ };
    const diagnostics = await graphDiagnostics(
      '    schema: people.pg\n    queries: [q.gq]\n',
      files,
    );
    expect(diagnostics).toEqual([
      {
        code: 'schema_parse_error',
        severity: 'error',
        path: 'people.pg:3:1',
        message: expect.stringContaining('parse error: people.pg:3:1: expected') as unknown,
      },
      {
        code: 'query_typecheck_skipped',
        severity: 'warning',
        path: 'q.gq',
        message: "queries of 'q.gq' were not typechecked: the schema of graph 'people' has errors",
      },
    ]);
  });

  it('reports a broken catalog rule as schema_catalog_error', async () => {
    const schema = 'node Person {\n    name: String @key\n}\nedge Knows: Person -> Persn\n';
    const diagnostics = await graphDiagnostics('    schema: people.pg\n', { 'people.pg': schema });
    expect(diagnostics).toEqual([
      {
        code: 'schema_catalog_error',
        severity: 'error',
        path: 'people.pg:4:23',
        message:
          "catalog error: people.pg:4:23: edge Knows references unknown target type: Persn; did you mean 'Person'?",
      },
    ]);
  });

  it('reports a schema that is not UTF-8 as schema_parse_error at the byte', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('node P {\n  n: String @key }\n//'),
      0xc3,
    ]);
    const diagnostics = await graphDiagnostics('    schema: people.pg\n', { 'people.pg': bytes });
    expect(diagnostics).toEqual([
      {
        code: 'schema_parse_error',
        severity: 'error',
        path: 'people.pg:3:3',
        message: 'people.pg: invalid UTF-8 byte 0xC3',
      },
    ]);
  });
});

describe('queries', () => {
  const SCHEMA = { 'people.pg': PEOPLE_PG };

  it('reports a query directory with no .gq files as query_dir_empty', async () => {
    const files = { ...SCHEMA, 'queries/readme.md': '# none yet', 'queries/sub/x.gq': PEOPLE_GQ };
    const diagnostics = await graphDiagnostics(
      '    schema: people.pg\n    queries: queries/\n',
      files,
    );
    expect(diagnostics).toEqual([
      {
        code: 'query_dir_empty',
        severity: 'error',
        path: 'cluster.yaml:6:14',
        message: "query directory 'queries/' holds no .gq files",
      },
    ]);
  });

  it.each([
    ['absent/', "cannot list query directory 'absent/': it does not exist"],
    [
      'people.pg',
      "cannot list query directory 'people.pg': a part of the path is a file, not a directory",
    ],
  ])('reports query directory %j as query_dir_unreadable', async (dir, message) => {
    const diagnostics = await graphDiagnostics(
      `    schema: people.pg\n    queries: ${dir}\n`,
      SCHEMA,
    );
    expect(diagnostics).toEqual([
      { code: 'query_dir_unreadable', severity: 'error', path: 'cluster.yaml:6:14', message },
    ]);
  });

  it('reports a missing query file of a list or a map at its entry', async () => {
    const graph = `    schema: people.pg
    queries:
      find_person: { file: gone.gq }
`;
    const listed = await graphDiagnostics('    schema: people.pg\n    queries: [a.gq, gone.gq]\n', {
      ...SCHEMA,
      'a.gq': PEOPLE_GQ,
    });
    const mapped = await graphDiagnostics(graph, SCHEMA);
    const missing = {
      code: 'query_file_missing',
      severity: 'error',
      message: "cannot read query file 'gone.gq': no such file",
    };
    expect(listed).toEqual([{ ...missing, path: 'cluster.yaml:6:21' }]);
    expect(mapped).toEqual([{ ...missing, path: 'cluster.yaml:7:28' }]);
  });

  it('reports a map key that names no query of its file as query_key_mismatch', async () => {
    const graph = `    schema: people.pg
    queries:
      find_persn: { file: people.gq }
`;
    const diagnostics = await graphDiagnostics(graph, { ...SCHEMA, 'people.gq': PEOPLE_GQ });
    expect(diagnostics).toEqual([
      {
        code: 'query_key_mismatch',
        severity: 'error',
        path: 'cluster.yaml:7:7',
        message:
          "queries key 'find_persn' must name a query of 'people.gq', but it declares find_person, adults; did you mean 'find_person'?",
      },
    ]);
  });

  it('reports a query name declared twice in a graph at the second declaration', async () => {
    const copy = `// the same name again\n${PEOPLE_GQ.slice(0, PEOPLE_GQ.indexOf('query adults'))}`;
    const files = { ...SCHEMA, 'queries/a.gq': PEOPLE_GQ, 'queries/b.gq': copy };
    const diagnostics = await graphDiagnostics(
      '    schema: people.pg\n    queries: queries\n',
      files,
    );
    expect(diagnostics).toEqual([
      {
        code: 'duplicate_query_name',
        severity: 'error',
        path: 'queries/b.gq:2:1',
        message: "graph 'people' declares query 'find_person' twice (first at queries/a.gq:1:1)",
      },
    ]);
  });

  it('reports a syntax error in a query file at its position', async () => {
    const broken = 'query broken() {\n    match { $p: Person }\n    return { $p.name \n}\n';
    const diagnostics = await graphDiagnostics('    schema: people.pg\n    queries: [bad.gq]\n', {
      ...SCHEMA,
      'bad.gq': broken,
    });
    expect(diagnostics).toEqual([
      {
        code: 'query_parse_error',
        severity: 'error',
        path: 'bad.gq:5:1',
        message: 'parse error: bad.gq:5:1: expected "limit", "order" or "}", found end of input',
      },
    ]);
  });

  it('typechecks every query against the desired schema', async () => {
    const wrong = `query by_type() {
    match { $p: Persn }
    return { $p.name }
}

query by_field() {
    match { $p: Person }
    return { $p.nmae }
}
`;
    const diagnostics = await graphDiagnostics('    schema: people.pg\n    queries: [wrong.gq]\n', {
      ...SCHEMA,
      'wrong.gq': wrong,
    });
    expect(diagnostics).toEqual([
      {
        code: 'query_typecheck_error',
        severity: 'error',
        path: 'wrong.gq:2:13',
        message: "type error: T1: wrong.gq:2:13: unknown node type 'Persn'; did you mean 'Person'?",
      },
      {
        code: 'query_typecheck_error',
        severity: 'error',
        path: 'wrong.gq:8:14',
        message:
          "type error: T6: wrong.gq:8:14: node type Person has no property 'nmae'; did you mean 'name'?",
      },
    ]);
  });
});

describe('policies', () => {
  const SCHEMA = { 'people.pg': PEOPLE_PG };
  const policyYaml = (policy: string): string =>
    `${HEADER}graphs:\n  people: { schema: people.pg }\npolicies:\n${policy}`;

  it('reports a missing policy file at the key naming it', async () => {
    const output = await validateFiles({
      ...SCHEMA,
      'cluster.yaml': policyYaml('  base: { file: nope.yaml, applies_to: [people] }\n'),
    });
    expect(output.diagnostics).toEqual([
      {
        code: 'policy_file_missing',
        severity: 'error',
        path: 'cluster.yaml:6:17',
        message: "cannot read policy file 'nope.yaml': no such file",
      },
    ]);
  });

  it('reports a bundle the policy layer refuses as policy_invalid with its message', async () => {
    const bundle = TEAM_POLICY.replace('actions: [read]', 'actions: [raed]');
    const output = await validateFiles({
      ...SCHEMA,
      'team.yaml': bundle,
      'cluster.yaml': policyYaml('  base: { file: team.yaml, applies_to: [people] }\n'),
    });
    expect(output.diagnostics).toEqual([
      {
        code: 'policy_invalid',
        severity: 'error',
        path: 'team.yaml',
        message: expect.stringMatching(
          /^invalid policy bundle 'base': rule 'team-read': allow\.actions\[0\]: /,
        ) as unknown,
      },
    ]);
  });

  it('refuses a server bundle bound to a graph', async () => {
    const output = await validateFiles({
      ...SCHEMA,
      'server.yaml': SERVER_POLICY,
      'cluster.yaml': policyYaml('  ops: { file: server.yaml, applies_to: [people] }\n'),
    });
    expect(output.diagnostics).toEqual([
      {
        code: 'policy_invalid',
        severity: 'error',
        path: 'server.yaml',
        message:
          "policy 'ops' is a server bundle (kind: server) but applies to graphs; bind it to [cluster]",
      },
    ]);
  });
});
