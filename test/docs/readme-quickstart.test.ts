import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = import.meta.resolve('tsx');
const CLI = (name: string): string =>
  `'${process.execPath}' --import '${TSX}' '${path.join(ROOT, 'src/cli', `${name}.ts`)}'`;

/** The command lines of the README's quickstart section, in order. */
function quickstartLines(readme: string): string[] {
  const section = /^## Quickstart[^\n]*\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].flatMap((block) =>
    (block[1] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

function bash(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-o', 'pipefail', '-c', line], { cwd, env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${line}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Starts the server line in the background; resolves with its listen address. */
function serve(
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; address: string }> {
  const script = line
    .replace('npx omnigraph-server', CLI('omnigraph-server'))
    .replace(/--bind \S+/, '--bind 127.0.0.1:0');
  const child = spawn('bash', ['-c', `exec ${script}`], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const address = /OMNIGRAPH_LISTEN_ADDR=(\S+)/.exec(out)?.[1];
      if (address !== undefined) resolve({ child, address });
    });
    child.once('exit', (code) => {
      reject(new Error(`the server exited ${code}`));
    });
  });
}

const lines = quickstartLines(await readFile(path.join(ROOT, 'README.md'), 'utf8'));

describe('README quickstart, typed as written', () => {
  let cwd = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LANCEDB_LOG: 'error',
    OMNIGRAPH_LOG_LEVEL: 'warn',
  };
  let server: { child: ChildProcess; address: string } | undefined;
  const outputs: string[] = [];

  beforeAll(async () => {
    cwd = await freshTempDir('readme');
    await cp(path.join(ROOT, 'examples'), path.join(cwd, 'examples'), { recursive: true });
  });
  afterAll(async () => {
    if (server === undefined) return;
    const exited = new Promise((resolve) => server?.child.once('exit', resolve));
    server.child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('has a quickstart that validates, applies, loads, serves and curls', () => {
    expect(lines.some((l) => l.startsWith('npx omnigraph cluster apply'))).toBe(true);
    expect(lines.some((l) => l.startsWith('npx omnigraph-server'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('curl ')).length).toBeGreaterThanOrEqual(3);
  });

  for (const line of lines) {
    it(line, async () => {
      const exported = /^export (\w+)='(.*)'$/.exec(line);
      if (exported) {
        env[exported[1] ?? ''] = exported[2];
      } else if (line.startsWith('npx omnigraph-server')) {
        server = await serve(line, cwd, env);
      } else if (line.startsWith('curl ')) {
        const address = server?.address ?? '127.0.0.1:8080';
        const text = await bash(line.replaceAll('127.0.0.1:8080', address), cwd, env);
        const body = JSON.parse(text) as Record<string, unknown>;
        expect(body.error, JSON.stringify(body)).toBeUndefined();
        outputs.push(JSON.stringify(body));
      } else {
        await bash(line.replace(/^npx omnigraph\b/, CLI('omnigraph')), cwd, env);
      }
    });
  }

  it('read back the write', () => {
    expect(outputs.at(-1)).toContain('"j.slug":"website"');
  });
});
