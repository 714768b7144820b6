import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { operatorHome } from './operator-home.js';

const LEGACY = `
project: { name: company-brain }
graphs:
  local: { uri: ./data/local.omni }
  prod: { uri: "https://graphs.example.com/graphs/knowledge", bearer_token_env: PROD_TOKEN }
cli: { graph: prod, branch: dev, output_format: kv, table_max_column_width: 40, table_cell_layout: wrap }
query: { roots: [queries] }
aliases:
  who: { command: read, query: people.gq, args: [name], format: csv }
  mine: { command: read, query: people.gq, name: person, graph: local }
  rename: { command: change, query: rename.gq, name: rename_person, graph: local }
auth: { env_file: .env }
policy: { file: policy.yaml }
server: { port: 8080 }
ui: { theme: dark }
`;

const PEOPLE =
  'query person($name: String) {\n  match { $p: Person { name: $name } }\n  return { $p.name }\n}\n';

describe('omnigraph config migrate', () => {
  it('splits omnigraph.yaml into cluster.yaml and the operator half, listing the rest', async () => {
    const home = await operatorHome();
    const project = path.join(home.dir, 'project');
    await mkdir(path.join(project, 'queries'), { recursive: true });
    await writeFile(path.join(project, 'omnigraph.yaml'), LEGACY);
    await writeFile(path.join(project, 'queries/people.gq'), PEOPLE);
    await writeFile(path.join(project, 'queries/extra.gq'), PEOPLE.replaceAll('person', 'other'));
    await writeFile(path.join(project, 'queries/rename.gq'), PEOPLE.replaceAll('person', 'rename'));

    const run = await home.run(['config', 'migrate', '--file', 'project/omnigraph.yaml', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as { not_carried: { key: string; reason: string }[] };
    expect(report).toMatchObject({
      cluster_file: path.join(project, 'cluster.yaml'),
      operator_file: path.join(project, 'operator-config.yaml'),
    });

    const cluster = parse(await readFile(path.join(project, 'cluster.yaml'), 'utf8')) as unknown;
    expect(cluster).toEqual({
      version: 1,
      metadata: { name: 'company-brain' },
      graphs: {
        local: {
          schema: 'local.pg',
          queries: ['queries/extra.gq', 'queries/people.gq', 'queries/rename.gq'],
        },
      },
      policies: { default: { file: 'policy.yaml', applies_to: ['local'] } },
    });
    const operator = parse(
      await readFile(path.join(project, 'operator-config.yaml'), 'utf8'),
    ) as unknown;
    expect(operator).toEqual({
      servers: { prod: { url: 'https://graphs.example.com' } },
      defaults: {
        server: 'prod',
        default_graph: 'knowledge',
        output: 'kv',
        table_max_column_width: 40,
        table_cell_layout: 'wrap',
      },
      aliases: {
        who: { server: 'prod', graph: 'knowledge', query: 'person', args: ['name'], format: 'csv' },
      },
    });
    expect(report.not_carried.map((note) => note.key)).toEqual([
      'ui',
      'graphs.local.uri',
      'graphs.prod.bearer_token_env',
      'cli.branch',
      'aliases.mine',
      'aliases.rename',
      'auth.env_file',
      'server',
    ]);
    expect(
      report.not_carried.find((n) => n.key === 'graphs.prod.bearer_token_env')?.reason,
    ).toContain('OMNIGRAPH_TOKEN_PROD');

    // The proposals load: the operator half is a valid operator config.
    await writeFile(home.configFile, await readFile(path.join(project, 'operator-config.yaml')));
    expect((await home.run(['profile', 'list'])).code).toBe(0);
  });

  it('refuses to overwrite a proposal without --force, and prints a human report', async () => {
    const home = await operatorHome();
    await writeFile(path.join(home.dir, 'omnigraph.yaml'), 'graphs: { g: { uri: ./g } }\n');
    const first = await home.run(['config', 'migrate']);
    expect(first.out).toContain(`wrote ${path.join(home.dir, 'cluster.yaml')}`);
    expect(first.out).toContain('no operator config: nothing in the legacy file belongs there');
    expect(first.out).toContain('not carried over:\n  graphs.g.uri: the data stays at ./g');
    const again = await home.run(['config', 'migrate']);
    expect(again.err).toContain('cluster.yaml already exists; pass --force to replace it');
    expect((await home.run(['config', 'migrate', '--force'])).code).toBe(0);
  });
});
