import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { freshTempDir } from '../../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Runs one printed command line in bash; resolves with its stdout. */
function sh(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', line], (error, stdout) => {
      if (error) reject(new Error(`${line}: ${error.message}`));
      else resolve(stdout);
    });
  });
}

it('npm start: applies, seeds and serves the demo cluster; the printed curls work; Ctrl-C exits 0', async () => {
  const dir = path.join(await freshTempDir('demo'), 'demo-cluster');
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      path.join(ROOT, 'src/cli/omnigraph.ts'),
      'demo',
      dir,
      '--bind',
      '127.0.0.1:0',
    ],
    { cwd: ROOT, env: { ...process.env, LANCEDB_LOG: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ctrl-C stops the server')) resolve();
    });
    void exited.then((code) => {
      reject(new Error(`demo exited ${code}: ${stderr}`));
    });
  });
  expect(stderr).toContain('loaded 10 entities from seed.jsonl');
  const curls = stdout.split('\n').filter((line) => line.trim().startsWith('curl '));
  expect(curls).toHaveLength(3);
  const [graphs, projects, people] = (await Promise.all(curls.map((line) => sh(line)))).map(
    (text) => JSON.parse(text) as Record<string, unknown>,
  );
  expect(graphs?.graphs).toEqual([
    { graph_id: 'team', uri: pathToFileURL(path.join(dir, 'state/graphs/team.omni')).href },
  ]);
  expect(projects?.rows).toEqual([
    { 'j.slug': 'compiler', 'j.title': 'The compiler' },
    { 'j.slug': 'website', 'j.title': 'The public website' },
  ]);
  expect(people?.row_count).toBe(4);
  child.kill('SIGINT');
  expect(await exited).toBe(0);
});
