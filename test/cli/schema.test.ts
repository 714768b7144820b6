import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A directory with graph `g` (fixture schema and data) and `next.pg` holding `next`. */
async function graphWithNext(next: (schema: string) => string): Promise<string> {
  const dir = await freshTempDir('cli-schema');
  const schema = path.join(fixtures, 'test.pg');
  expect((await og(dir, 'init', '--schema', schema, 'g')).code).toBe(0);
  const data = path.join(fixtures, 'test.jsonl');
  expect((await og(dir, 'load', '--quiet', '--mode', 'overwrite', '--data', data, 'g')).code).toBe(
    0,
  );
  await writeFile(path.join(dir, 'next.pg'), next(await readFile(schema, 'utf8')));
  return dir;
}

const uriOf = (dir: string): string => `file://${path.join(dir, 'g')}`;

describe('omnigraph schema', () => {
  it('plan prints the steps and changes nothing; --json is {supported, steps}', async () => {
    const dir = await graphWithNext((pg) =>
      pg
        .replace('age: I32?', 'years: I32? @rename_from("age")\n    nick: String?')
        .replace('edge WorksAt: Person -> Company', '')
        .concat('\nnode Tag { label: String @key }\n'),
    );
    const plan = await og(dir, 'schema', 'plan', 'g', '--schema', 'next.pg');
    expect(plan).toEqual({
      code: 0,
      err: '',
      out: [
        `schema plan for ${uriOf(dir)}`,
        'supported: yes',
        "- add node type 'Tag'",
        "- rename property 'Person.age' -> 'Person.years' on node 'Person'",
        "- add property 'Person.nick' (String?) on node 'Person'",
        "- drop edge type 'WorksAt' (soft mode)",
        '',
      ].join('\n'),
    });
    const hard = await og(
      dir,
      'schema',
      'plan',
      'g',
      '--schema',
      'next.pg',
      '--allow-data-loss',
      '--json',
    );
    const json = JSON.parse(hard.out) as {
      supported: boolean;
      steps: { kind: string; mode?: string }[];
    };
    expect(Object.keys(json)).toEqual(['supported', 'steps']);
    expect(json.steps.at(-1)).toEqual({
      kind: 'drop_type',
      type_kind: 'edge',
      name: 'WorksAt',
      mode: 'hard',
    });
    expect((await og(dir, 'schema', 'show', 'g')).out).toBe(
      await readFile(path.join(fixtures, 'test.pg'), 'utf8'),
    );
  });

  it('apply echoes the target, prints the result, and show prints the new schema', async () => {
    const dir = await graphWithNext((pg) => `${pg}\nnode Tag { label: String @key }\n`);
    const applied = await og(dir, '--as', 'ops', 'schema', 'apply', 'g', '--schema', 'next.pg');
    expect(applied.code).toBe(0);
    expect(applied.err).toBe(`omnigraph schema apply → g (direct, local)\n`);
    expect(applied.out).toBe(
      [
        `schema apply for ${uriOf(dir)}`,
        'supported: yes',
        'applied: yes',
        'graph_manifest_version: 3',
        "- add node type 'Tag'",
        '',
      ].join('\n'),
    );
    const next = await readFile(path.join(dir, 'next.pg'), 'utf8');
    expect((await og(dir, 'schema', 'get', 'g')).out).toBe(next);
    expect(JSON.parse((await og(dir, 'schema', 'show', 'g', '--json')).out)).toEqual({
      schema_source: next,
    });
    const again = await og(dir, '--quiet', 'schema', 'apply', 'g', '--schema', 'next.pg', '--json');
    expect(JSON.parse(again.out)).toEqual({
      uri: uriOf(dir),
      supported: true,
      applied: false,
      step_count: 0,
      graph_manifest_version: 3,
      steps: [],
    });
    expect(again.err).toBe('');
    const commits = await og(dir, 'commit', 'list', 'g');
    expect(commits.out.split('\n')[0]).toMatch(/ schema_apply +ops +\d{4}-/);
  });

  it('apply refuses an unsupported plan and other branches with clear errors', async () => {
    const dir = await graphWithNext((pg) => pg.replace('age: I32?', 'age: String?'));
    const plan = await og(dir, 'schema', 'plan', 'g', '--schema', 'next.pg');
    expect(plan.out).toContain('supported: no');
    expect(plan.out).toContain(
      "- unsupported change on node:Person.age [OG-MF-106, destructive]: changing property 'Person.age' from I32? to String? is not supported",
    );
    const refused = await og(dir, '--quiet', 'schema', 'apply', 'g', '--schema', 'next.pg');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('schema apply refused: the migration has unsupported changes');
    expect(refused.err).toContain('[OG-MF-106, destructive]');
    expect((await og(dir, '--quiet', 'branch', 'create', '--uri', 'g', 'side')).code).toBe(0);
    await writeFile(
      path.join(dir, 'ok.pg'),
      `${await readFile(path.join(fixtures, 'test.pg'), 'utf8')}\nnode Tag { label: String @key }\n`,
    );
    const branches = await og(dir, '--quiet', 'schema', 'apply', 'g', '--schema', 'ok.pg');
    expect(branches.code).not.toBe(0);
    expect(branches.err).toContain(
      'schema apply requires a graph with only main; found non-main branches: side',
    );
    const missing = await og(dir, 'schema', 'plan', 'g', '--schema', 'nope.pg');
    expect(missing.err).toContain("cannot read schema file 'nope.pg'");
  });
});
