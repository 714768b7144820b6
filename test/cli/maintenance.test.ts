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

/** A graph `g` in a fresh directory with the fixture data loaded in a few commits. */
async function loadedGraph(): Promise<string> {
  const dir = await freshTempDir('cli-maint');
  expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const loaded = await og(
      dir,
      'load',
      'g',
      '--mode',
      'merge',
      '--data',
      path.join(fixtures, 'test.jsonl'),
    );
    expect(loaded.code, loaded.err).toBe(0);
  }
  return dir;
}

describe('omnigraph optimize', () => {
  it('echoes the target, prints per-dataset lines, then reports no-ops', async () => {
    const dir = await loadedGraph();
    const first = await og(dir, 'optimize', 'g');
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/^omnigraph optimize → g \(direct, local\)\n$/);
    expect(first.out).toMatch(/^optimize file:\/\/.*\/g — 4 datasets\n/);
    expect(first.out).toMatch(/ {2}edge:Knows: frags 3 → 1 ✓/);
    const again = await og(dir, 'optimize', 'g', '--json', '--quiet');
    expect(again.err).toBe('');
    const json = JSON.parse(again.out) as { uri: string; datasets: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['uri', 'datasets']);
    expect(Object.keys(json.datasets[0] ?? {}).sort()).toEqual(
      [
        'committed',
        'fragments_added',
        'fragments_removed',
        'lance_head_version',
        'pending_indexes',
        'published_dataset_version',
        'skipped',
        'type_key',
      ].sort(),
    );
    expect(json.datasets.every((d) => d.committed === false)).toBe(true);
    expect((await og(dir, 'optimize', 'g')).out).toContain('node:Person: no-op');
  });
});

describe('omnigraph cleanup', () => {
  it('needs --keep or --older-than, and valid values', async () => {
    const dir = await loadedGraph();
    const none = await og(dir, 'cleanup', 'g');
    expect(none.code).toBe(1);
    expect(none.err).toContain('cleanup requires at least one of --keep or --older-than');
    const badDuration = await og(dir, 'cleanup', 'g', '--older-than', '7y');
    expect(badDuration.code).toBe(2);
    expect(badDuration.err).toContain('--older-than expects a duration');
    expect((await og(dir, 'cleanup', 'g', '--keep', 'x')).code).toBe(2);
  });

  it('previews on stderr with exit 0, then removes with --confirm', async () => {
    const dir = await loadedGraph();
    const preview = await og(dir, 'cleanup', 'g', '--keep', '1', '--older-than', '0s', '--json');
    expect(preview.code, preview.err).toBe(0);
    expect(preview.err).toContain('omnigraph cleanup → g (direct, local)');
    expect(preview.err).toContain('cleanup preview for');
    expect(preview.err).toContain('rerun with --confirm');
    const json = JSON.parse(preview.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['uri', 'keep_versions', 'older_than_secs', 'datasets']);
    expect(json).toMatchObject({ keep_versions: 1, older_than_secs: 0 });

    const confirmed = await og(
      dir,
      'cleanup',
      'g',
      '--keep',
      '1',
      '--older-than',
      '1w',
      '--confirm',
    );
    expect(confirmed.code, confirmed.err).toBe(0);
    expect(confirmed.out).toMatch(/^cleanup file:\/\/.*\/g\n/);
    expect(confirmed.out).toContain('node:Person: 0 old versions removed, 0 bytes');
    expect((await og(dir, 'snapshot', 'g')).code).toBe(0);
  });

  it('names each dataset nothing pins any more, to be removed whole', async () => {
    const dir = await loadedGraph();
    const pg = await readFile(path.join(fixtures, 'test.pg'), 'utf8');
    const narrow = pg.replace(/node Company \{[^}]*\}/, '').replace(/edge WorksAt[^\n]*\n/, '');
    await writeFile(path.join(dir, 'narrow.pg'), narrow);
    const applied = await og(
      dir,
      'schema',
      'apply',
      'g',
      '--schema',
      'narrow.pg',
      '--allow-data-loss',
    );
    expect(applied.code, applied.err).toBe(0);
    const preview = await og(dir, 'cleanup', 'g', '--keep', '1');
    expect(preview.code, preview.err).toBe(0);
    expect(preview.err).toMatch(
      /\n {2}tables\/node_2\.lance: no longer pinned, would be removed whole \(\d+ versions?\)\n/,
    );
    // Its dataset is not listed again as a type.
    expect(preview.err).not.toMatch(/\n {2}node_2:/);
    const confirmed = await og(dir, 'cleanup', 'g', '--keep', '1', '--confirm');
    expect(confirmed.code, confirmed.err).toBe(0);
    expect(confirmed.out).toMatch(
      /\n {2}tables\/node_2\.lance: no longer pinned, removed whole \([1-9]\d* versions?, [1-9]\d* bytes\)\n/,
    );
    const again = await og(dir, 'cleanup', 'g', '--keep', '1', '--confirm');
    expect(again.out).not.toContain('no longer pinned');
  });

  it('refuses --confirm against a non-local target without --yes', async () => {
    const dir = await freshTempDir('cli-maint-remote');
    const result = await og(
      dir,
      'cleanup',
      's3://nowhere/graph',
      '--keep',
      '1',
      '--confirm',
      '--json',
    );
    expect(result.code).toBe(2);
    // With --json the failure is the error envelope on stdout.
    expect(result.out).toContain(
      'refusing destructive `cleanup` against non-local target s3://nowhere/graph without confirmation',
    );
  });
});
