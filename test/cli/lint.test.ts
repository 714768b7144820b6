import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');

async function lint(args: readonly string[], cwd = root) {
  const io = captureIo(cwd);
  const code = await runCli(['lint', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function files(entries: Readonly<Record<string, string>>): Promise<string> {
  const dir = await freshTempDir('lint');
  await Promise.all(
    Object.entries(entries).map(([name, text]) => writeFile(path.join(dir, name), text)),
  );
  return dir;
}

describe('omnigraph lint on the shared fixtures', () => {
  it.each([
    ['test.pg', 'test.gq', 11],
    ['search.pg', 'search.gq', 8],
  ])('lints %s with %s cleanly', async (schema, query, count) => {
    const args = ['--schema', path.join(fixtures, schema), '--query', path.join(fixtures, query)];
    const human = await lint(args);
    expect(human).toEqual({
      code: 0,
      out: `INFO  Lint complete: ${count} queries processed (0 error(s), 0 warning(s), 0 info item(s))\n`,
      err: '',
    });
    const json = await lint([...args, '--json']);
    const output = JSON.parse(json.out) as {
      status: string;
      results: { status: string; operation?: unknown }[];
    };
    expect(json.code).toBe(0);
    expect(output.status).toBe('ok');
    expect(output.results).toHaveLength(count);
    expect(output.results.every((r) => r.status === 'ok' && r.operation !== undefined)).toBe(true);
  });

  it.each([
    [
      'context.pg',
      `query decisions_by($actor: String) {
         match { $a: Actor { slug: $actor }  $d ownedBy $a  $d.status = "accepted" }
         return { $d.title, $d.urgency }
         order { $d.decided_at desc }
       }
       query record_trace($slug: String, $title: String, $actor: String) {
         insert Trace { slug: $slug, title: $title, kind: "note", recorded_at: date("2024-01-01") }
         insert RecordedBy { from: $slug, to: $actor }
       }`,
    ],
    [
      'signals.pg',
      `query signals_for($tech: String) {
         match { $t: Tech { slug: $tech }  $s mentions $t  not { $s indicates $_ } }
         return { $s.title, $s.strength, count($t) as techs }
       }`,
    ],
  ])('lints queries over %s', async (schema, source) => {
    const dir = await files({ 'q.gq': source });
    const result = await lint(['--schema', path.join(fixtures, schema), '--query', 'q.gq'], dir);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('omnigraph lint output', () => {
  const schema =
    'node Policy {\n  slug: String @key\n  name: String?\n  effectiveTo: DateTime?\n}\n';
  const source = `query update_policy($slug: String, $name: String) {
  update Policy set { name: $name } where slug = $slug
}
query list_policies() {
  match { $p: Policy }
  return { $p.name $p.effectiveTo }
}
`;

  it('prints QueryLintOutput with the descriptors and the L201 finding', async () => {
    const dir = await files({ 'policy.pg': schema, 'policy.gq': source });
    const result = await lint(['--schema', 'policy.pg', '--query', 'policy.gq', '--json'], dir);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out) as Record<string, unknown>;
    expect(output).toMatchObject({
      status: 'ok',
      schema_source: { kind: 'file', path: 'policy.pg' },
      query_path: 'policy.gq',
      queries_processed: 2,
      errors: 0,
      warnings: 1,
      infos: 0,
      results: [
        {
          name: 'update_policy',
          operation: {
            result: [],
            reads: [{ kind: 'node', type_name: 'Policy' }],
            writes: [{ kind: 'node', type_name: 'Policy' }],
          },
        },
        {
          name: 'list_policies',
          operation: {
            result: [
              { name: 'name', kind: 'string', nullable: true },
              { name: 'effectiveTo', kind: 'datetime', nullable: true },
            ],
          },
        },
      ],
      findings: [
        {
          severity: 'warning',
          code: 'L201',
          message: 'Policy.effectiveTo exists in schema but no update query sets it',
        },
      ],
    });
  });

  it('prints the human report', async () => {
    const dir = await files({ 'policy.pg': schema, 'policy.gq': source });
    const result = await lint(['--schema', 'policy.pg', '--query', 'policy.gq'], dir);
    expect(result.out).toBe(
      'WARN  Policy.effectiveTo exists in schema but no update query sets it\n' +
        'INFO  Lint complete: 2 queries processed (0 error(s), 1 warning(s), 0 info item(s))\n',
    );
    expect(result.code).toBe(0);
  });

  it('exits 1 with status error and no operation for an unknown update property', async () => {
    const bad = source.replace('set { name: $name }', 'set { title: $name }');
    const dir = await files({ 'policy.pg': schema, 'policy.gq': bad });
    const result = await lint(['--schema', 'policy.pg', '--query', 'policy.gq', '--json'], dir);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.out) as { status: string; results: Record<string, unknown>[] };
    expect(output.status).toBe('error');
    expect(output.results[0]?.status).toBe('error');
    expect(output.results[0]?.error).toBe(
      "type error: T11: policy.gq:2:23: node type Policy has no property 'title'",
    );
    expect(output.results[0]).not.toHaveProperty('operation');
    expect(result.err).toBe('');
  });
});

describe('omnigraph lint failures', () => {
  it('reports a query parse error as Q000 and exits 1', async () => {
    const dir = await files({ 's.pg': 'node A {\n  x: String @key\n}\n', 'q.gq': 'query q( {' });
    const result = await lint(['--schema', 's.pg', '--query', 'q.gq'], dir);
    expect(result.code).toBe(1);
    expect(result.out).toContain('ERROR parse error: q.gq:1:10: expected');
    expect(result.out).toContain('0 queries processed (1 error(s)');
  });

  it('reports a broken schema clearly', async () => {
    const dir = await files({ 's.pg': 'node a {}', 'q.gq': '' });
    const result = await lint(['--schema', 's.pg', '--query', 'q.gq'], dir);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^error: parse error: s\.pg:1:6: /);
  });

  it('names the query file, position and closest name in a type error', async () => {
    const dir = await files({
      's.pg': 'node Person {\n  name: String @key\n}\n',
      'q.gq': 'query q() {\n  match { $p: Person }\n  return { $p.nmae }\n}\n',
    });
    const result = await lint(['--schema', 's.pg', '--query', 'q.gq'], dir);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "ERROR query `q`: type error: T6: q.gq:3:12: node type Person has no property 'nmae'; did you mean 'name'?",
    );
  });

  it('names the schema file and position in a catalog error', async () => {
    const dir = await files({
      's.pg': 'node Person {\n  name: String @key\n}\nedge Knows: Person -> Persn\n',
      'q.gq': '',
    });
    const result = await lint(['--schema', 's.pg', '--query', 'q.gq'], dir);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      "error: catalog error: s.pg:4:23: edge Knows references unknown target type: Persn; did you mean 'Person'?\n",
    );
  });

  it('reports a missing file', async () => {
    const result = await lint(['--schema', 'nope.pg', '--query', 'nope.gq']);
    expect(result.code).toBe(1);
    expect(result.err).toContain("cannot read schema file 'nope.pg'");
  });

  it('needs a schema: --schema, a graph or a cluster', async () => {
    const result = await lint(['--query', 'q.gq']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('pass --schema <file.pg>, a graph URI (or --store)');
  });

  it('needs --query', async () => {
    const result = await lint(['--schema', 's.pg']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('`lint` needs --query <file.gq>');
  });
});
