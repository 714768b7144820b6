import { execFile, type ExecFileOptions } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/index.js';
import { errorLine, runCli } from '../../src/cli/program.js';
import { OmniError } from '../../src/util/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { silentEndpoint } from '../storage/fake-s3-endpoint.js';

const BIN = path.resolve(import.meta.dirname, '../../src/cli/omnigraph.ts');
const SCHEMA = 'node Person {\n    name: String @key\n}\n';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `file args` to its end, however it ends. */
function run(file: string, args: readonly string[], options: ExecFileOptions = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { maxBuffer: 16 * 1024 * 1024, ...options, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started });
      },
    );
  });
}

/** Runs the `omnigraph` binary (TypeScript through tsx). */
function omnigraph(args: readonly string[], options: ExecFileOptions = {}): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', BIN, ...args], options);
}

/** A schema file in a fresh directory that every user can read. */
async function schemaFile(): Promise<string> {
  const dir = await freshTempDir('cli-schema');
  await chmod(dir, 0o755);
  const file = path.join(dir, 'schema.pg');
  await writeFile(file, SCHEMA, { mode: 0o644 });
  return file;
}

describe('a closed output pipe', () => {
  it('ends `omnigraph export | head -1` quietly with exit code 0', async () => {
    const root = path.join(await freshTempDir('cli-epipe'), 'graph');
    const graph = await Omnigraph.init(root, SCHEMA);
    const people = Array.from({ length: 4000 }, (_, i) => ({
      type: 'Person',
      data: { name: `person-${String(i).padStart(5, '0')}` },
    }));
    await graph.load({ data: people.map((p) => JSON.stringify(p)).join('\n'), mode: 'overwrite' });
    await graph.close();
    const errors = path.join(await freshTempDir('cli-epipe-err'), 'stderr.txt');
    // Far more than a pipe buffer (64 KiB) follows the first line, so the writer meets EPIPE.
    const script = `"${process.execPath}" --import tsx "$0" export "$1" 2>"$2" | head -n 1; exit "\${PIPESTATUS[0]}"`;
    const piped = await run('bash', ['-c', script, BIN, root, errors]);
    expect(piped.stdout).toBe(
      '{"type":"Person","data":{"id":"person-00000","name":"person-00000"}}\n',
    );
    expect(await readFile(errors, 'utf8')).toBe('');
    expect(piped.code).toBe(0);
  });
});

describe('environment problems are one line saying what to fix', () => {
  it('an unusable TMPDIR, before Lance can panic over it', async () => {
    const dir = await freshTempDir('cli-tmpdir');
    const notADir = path.join(dir, 'tmp-file');
    await writeFile(notADir, '');
    const root = path.join(dir, 'graph');
    const env = { TMPDIR: notADir, TSX_DISABLE_CACHE: '1' };
    const init = await omnigraph(['init', '--schema', await schemaFile(), root], { env });
    expect(init.stderr).toBe(
      `error: the temporary directory ${notADir} is not usable (a part of the path is a file, not a directory); set TMPDIR to a writable directory\n`,
    );
    expect(init.code).toBe(1);
    // The failed init left the root free: it initializes once TMPDIR is fixed.
    const io = captureIo(dir);
    expect(await runCli(['init', '--schema', await schemaFile(), root], io)).toBe(0);
    const missing = path.join(dir, 'no-such-dir');
    const snapshot = await omnigraph(['snapshot', root], {
      env: { TMPDIR: missing, TSX_DISABLE_CACHE: '1' },
    });
    expect(snapshot.stderr).toBe(
      `error: the temporary directory ${missing} is not usable (it does not exist); set TMPDIR to a writable directory\n`,
    );
    expect(snapshot.code).toBe(1);
  });

  it('init under a path that is a file names that file', async () => {
    const dir = await freshTempDir('cli-enotdir');
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    for (const root of [path.join(file, 'graph'), file]) {
      const io = captureIo(dir);
      expect(await runCli(['init', '--schema', await schemaFile(), root], io)).toBe(1);
      expect(io.err()).toBe(
        `error: cannot write '_og/graph.json' under ${root}: ${file} is a file, not a directory\n`,
      );
    }
  });

  it('init in a directory it may not write names the directory, not internal paths', async () => {
    const dir = await freshTempDir('cli-eacces');
    await chmod(dir, 0o755);
    const readOnly = path.join(dir, 'read-only');
    await mkdir(readOnly, { mode: 0o555 });
    await chmod(readOnly, 0o555);
    const schema = await schemaFile();
    // Root ignores modes, so as root the command runs as nobody (with an operator home it may
    // read: root's own is closed to it).
    const env = { ...process.env, OMNIGRAPH_HOME: dir };
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534, env } : { env };
    for (const [root, fix] of [
      [readOnly, readOnly],
      [path.join(readOnly, 'g', 'h'), readOnly],
    ] as const) {
      const init = await omnigraph(['init', '--schema', schema, root], asNobody);
      expect(init.stderr).toBe(
        `error: cannot write '_og/graph.json' under ${root}: permission denied; check the owner and mode of ${fix}\n`,
      );
      expect(init.code).toBe(1);
    }
    expect(await readdir(readOnly)).toEqual([]);
  });

  it('an S3 endpoint that never answers fails in bounded time, naming the endpoint', async () => {
    const endpoint = await silentEndpoint();
    const env = {
      AWS_ENDPOINT_URL_S3: endpoint.url,
      AWS_ALLOW_HTTP: 'true',
      AWS_ACCESS_KEY_ID: 'fake-key',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      OMNIGRAPH_S3_CONNECT_TIMEOUT_MS: '200',
      OMNIGRAPH_S3_REQUEST_TIMEOUT_MS: '300',
      OMNIGRAPH_S3_MAX_ATTEMPTS: '2',
    };
    const expected =
      `error: S3 endpoint ${endpoint.url} did not answer within 300 ms (2 attempts); ` +
      'check AWS_ENDPOINT_URL and that the server is up, or raise OMNIGRAPH_S3_REQUEST_TIMEOUT_MS\n';
    for (const args of [
      ['snapshot', 's3://bucket/graph'],
      ['init', '--schema', await schemaFile(), 's3://bucket/graph'],
    ]) {
      const result = await omnigraph(args, { env });
      expect(result.stderr).toBe(expected);
      expect(result.code).toBe(1);
      // Process start-up included; the requests themselves take about 1.5 s.
      expect(result.ms).toBeLessThan(20_000);
    }
  });
});

describe('errors the CLI did not expect', () => {
  it('print one line, `internal error: <first line>`, never a stack', () => {
    const error = new Error('something broke\n    at frame (file.ts:1:1)\n    at other');
    expect(errorLine(error)).toBe('error: internal error: something broke\n');
    expect(errorLine('a thrown string')).toBe('error: internal error: a thrown string\n');
    expect(errorLine(new OmniError('not_found', "branch 'x' not found"))).toBe(
      "error: branch 'x' not found\n",
    );
  });
});
