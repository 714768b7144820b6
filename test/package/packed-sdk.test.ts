import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

/** A strict TypeScript project compiling `files` against the installed package's types. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    outDir: 'out',
    typeRoots: [path.join(root, 'node_modules/@types')],
    types: ['node'],
  },
};

/** Compiles the app's TypeScript `files`; resolves with tsc's exit code and output. */
async function compile(app: string, files: readonly string[]) {
  await writeFile(path.join(app, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files }, null, 2));
  return run(process.execPath, [tsc, '-p', app], { cwd: app }).then(
    () => ({ code: 0, output: '' }),
    (error: unknown) => {
      const { code, stdout } = error as { code: number; stdout: string };
      return { code, output: stdout };
    },
  );
}

/**
 * The SDK as a user meets it: `npm pack` in this repository, then `npm install <tarball>` in an
 * empty project, then a strict TypeScript program importing `omnigraph`.
 */
describe('the packed package in a fresh project', () => {
  let app: string;

  beforeAll(async () => {
    const dir = await freshTempDir('packed');
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    // `npm pack` builds first (the package's prepack script).
    await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root });
    app = path.join(dir, 'app');
    await mkdir(app);
    await writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module' }),
    );
    const tarball = path.join(dir, `omnigraph-${version}.tgz`);
    const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
    await run('npm', ['install', tarball, ...flags], { cwd: app });
    await copyFile(
      path.join(root, 'examples/embedded/quickstart.ts'),
      path.join(app, 'quickstart.ts'),
    );
  }, 300_000);

  it('exposes named exports only, from the exports map', async () => {
    const sdk = (await import(path.join(app, 'node_modules/omnigraph/dist/index.js'))) as Record<
      string,
      unknown
    >;
    expect(sdk.default).toBeUndefined();
    for (const name of ['Omnigraph', 'OmniError', 'settingsFromEnv', 'resolveSettings']) {
      expect(typeof sdk[name], name).toBe('function');
    }
    const manifest = JSON.parse(
      await readFile(path.join(app, 'node_modules/omnigraph/package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports)).toEqual(['.', './client', './package.json']);
  });

  it('type-checks the remote client through its subpath export', async () => {
    await writeFile(
      path.join(app, 'remote.ts'),
      [
        "import { connect, type Graph } from 'omnigraph/client';",
        "const graph: Graph = connect({ url: 'http://127.0.0.1:8080', graph: 'people' });",
        "export const read = graph.query({ query: 'query q() { match { $p: Person } return { $p.name } }' });",
        '',
      ].join('\n'),
    );
    expect(await compile(app, ['remote.ts'])).toEqual({ code: 0, output: '' });
  }, 120_000);

  it('type-checks the embedded example strictly against the published types', async () => {
    expect(await compile(app, ['quickstart.ts'])).toEqual({ code: 0, output: '' });
  }, 120_000);

  it('rejects a program that misuses the API, so the types are real', async () => {
    await writeFile(
      path.join(app, 'misuse.ts'),
      [
        "import { Omnigraph } from 'omnigraph';",
        "const graph = await Omnigraph.open('./g');",
        "await graph.query('query q { match { $p: Person } return { $p.name } }');",
        "await graph.load({ data: '', mode: 'upsert' });",
        '',
      ].join('\n'),
    );
    const { code, output } = await compile(app, ['misuse.ts']);
    expect(code).not.toBe(0);
    expect(output).toContain("not assignable to parameter of type 'QueryRequest'");
    expect(output).toContain('"upsert"');
  }, 120_000);

  it('runs the example: init, load, query, mutate, branch, merge, commit list', async () => {
    await compile(app, ['quickstart.ts']);
    const graphRoot = path.join(app, 'graph');
    const { stdout } = await run(process.execPath, ['out/quickstart.js', graphRoot], {
      cwd: app,
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^loaded 5 entities in commit [0-9A-Z]{26}$/);
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        'team on main: Ada (engineer), Grace (designer)',
        'hired on branch hiring: 1 node, 1 edge',
        'team on hiring: Ada (engineer), Grace (designer), Linus (engineer)',
        'merged hiring into main: fast_forward',
        'team on main: Ada (engineer), Grace (designer), Linus (engineer)',
        'history of main (3 commits):',
      ]),
    );
    expect(stdout).toMatch(/refused a stale write \(main is at [0-9A-Z]{26}\)/);
    expect(stdout).toMatch(/ v3 by act-grace$/m);
  }, 120_000);

  it('installs omnigraph-server, which starts Node with its young generation option', async () => {
    // A module Node preloads reports the options the binary's first line gave Node.
    const probe = path.join(app, 'probe.cjs');
    await writeFile(
      probe,
      'process.stderr.write(`execArgv ${JSON.stringify(process.execArgv)}\\n`);\n',
    );
    const server = path.join(app, 'node_modules/.bin/omnigraph-server');
    const { stdout, stderr } = await run(server, ['--version'], {
      cwd: app,
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
    });
    expect(stdout.trim()).toMatch(/^omnigraph-server \d+\.\d+\.\d+/);
    expect(stderr).toContain('execArgv ["--max-semi-space-size=64"]');
  }, 60_000);
});
