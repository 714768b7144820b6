import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA, SPEC, linesOf, omnigraph, seedText, workspace } from './embed-harness.js';

const BIN = path.resolve(import.meta.dirname, '../../../src/cli/omnigraph.ts');
const TSX = import.meta.resolve('tsx');

/**
 * Preloaded into the spawned binary: on exit, prints how many Lance shared objects the process
 * loaded (the native addon shows in the report's `sharedObjects` once it is required).
 */
const LANCE_PROBE =
  'data:text/javascript,process.on("exit",()=>{process.stderr.write("lance-objects:"+process.report.getReport().sharedObjects.filter((s)=>/lance/i.test(s)).length+"\\n")})';

interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `omnigraph` binary (TypeScript through tsx) in `cwd`. */
function spawnOmnigraph(
  cwd: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<Spawned> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, '--import', LANCE_PROBE, BIN, ...args],
      { cwd, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('omnigraph embed, then load', () => {
  it('the real binary embeds without loading Lance, and the output loads into a graph with Vector properties', async () => {
    const dir = await workspace({
      'raw.jsonl': seedText(),
      'spec.json': SPEC,
      'schema.pg': SCHEMA,
    });
    const env = { OMNIGRAPH_EMBED_PROVIDER: 'mock' };
    const embedded = await spawnOmnigraph(
      dir,
      ['embed', '--input', 'raw.jsonl', '--output', 'out.jsonl', '--spec', 'spec.json', '--json'],
      env,
    );
    expect(embedded.stderr).toBe('lance-objects:0\n');
    expect(embedded.code).toBe(0);
    expect(JSON.parse(embedded.stdout)).toMatchObject({ records: 6, embedded_records: 3 });
    // The probe does see Lance when a verb loads it.
    const init = await spawnOmnigraph(dir, ['init', '--schema', 'schema.pg', 'graph'], env);
    expect(init.code).toBe(0);
    expect(init.stderr).toMatch(/lance-objects:[1-9]/);

    const load = await omnigraph(dir, [
      'load',
      'graph',
      '--data',
      'out.jsonl',
      '--mode',
      'append',
      '--json',
    ]);
    expect(load.err).not.toContain('error');
    expect(load.code).toBe(0);
    expect(JSON.parse(load.out)).toMatchObject({ total_entities: 6 });

    // Every Doc and Note now has a vector; the export holds the ones embed wrote.
    const exported = await omnigraph(dir, ['export', 'graph']);
    const rows = exported.out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { type?: string; data?: Record<string, unknown> });
    const vectors = rows
      .filter((row) => row.type === 'Doc' || row.type === 'Note')
      .map((row) => row.data?.embedding ?? row.data?.vec);
    expect(vectors).toHaveLength(4);
    for (const vector of vectors) expect(vector).toHaveLength(4);
    const written = (await linesOf(dir, 'out.jsonl')).map(
      (line) => JSON.parse(line) as { data: { slug?: string; embedding?: number[] } },
    );
    const alpha = rows.find((row) => row.data?.slug === 'a')?.data?.embedding as number[];
    const alphaWritten = written.find((row) => row.data.slug === 'a')?.data.embedding ?? [];
    alpha.forEach((value, i) => {
      expect(value).toBeCloseTo(alphaWritten[i] ?? Number.NaN, 6);
    });
  });

  it('a cleaned seed loads too (the vectors are optional), and re-embedding it gives back the same vectors', async () => {
    const dir = await workspace({
      'raw.jsonl': seedText(),
      'spec.json': SPEC,
      'schema.pg': SCHEMA,
    });
    const files = ['--spec', 'spec.json'];
    await omnigraph(dir, [
      'embed',
      '--input',
      'raw.jsonl',
      '--output',
      'a.jsonl',
      ...files,
      '--reembed-all',
    ]);
    await omnigraph(dir, [
      'embed',
      '--input',
      'a.jsonl',
      '--output',
      'b.jsonl',
      ...files,
      '--clean',
    ]);
    await omnigraph(dir, ['embed', '--input', 'b.jsonl', '--output', 'c.jsonl', ...files]);
    // The same records and vectors; a vector that led its `data` now comes last.
    const parsed = async (file: string): Promise<unknown[]> =>
      (await linesOf(dir, file)).map((line) => JSON.parse(line) as unknown);
    expect(await parsed('c.jsonl')).toEqual(await parsed('a.jsonl'));
    expect((await omnigraph(dir, ['init', '--schema', 'schema.pg', 'graph'])).code).toBe(0);
    const load = await omnigraph(dir, ['load', 'graph', '--data', 'b.jsonl', '--mode', 'append']);
    expect(load.err).not.toContain('error');
    expect(load.code).toBe(0);
  });
});
