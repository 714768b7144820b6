import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GRAPH_FORMAT_VERSION } from '../../src/engine/index.js';
import { runCli } from '../../src/cli/program.js';
import { VERSION } from '../../src/cli/version.js';
import { captureIo } from '../helpers/capture-io.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function version(args: readonly string[]) {
  const io = captureIo();
  const code = await runCli(['version', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('omnigraph version', () => {
  it('prints the version, then the graph format version the engine writes', async () => {
    expect(await version([])).toEqual({
      code: 0,
      out: `omnigraph ${VERSION}\ninternal-schema ${GRAPH_FORMAT_VERSION}\n`,
      err: '',
    });
  });

  it('prints {version, internal_schema} with --json', async () => {
    const { code, out } = await version(['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ version: VERSION, internal_schema: GRAPH_FORMAT_VERSION });
  });

  it('is a local command: a scope flag is a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['--server', 'prod', 'version'], io)).toBe(2);
    expect(io.err()).toContain(
      '`version` is a local command; --server addresses a served graph and does not apply.',
    );
  });

  it('rejects an argument', async () => {
    const { code, err } = await version(['extra']);
    expect(code).toBe(2);
    expect(err).toContain("too many arguments for 'version'");
  });

  it('prints both lines from the real binary', async () => {
    const bin = path.join(root, 'src/cli/omnigraph.ts');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', bin, 'version']);
    expect(stdout).toBe(`omnigraph ${VERSION}\ninternal-schema ${GRAPH_FORMAT_VERSION}\n`);
    expect(stderr).toBe('');
  });

  it('loads no Lance (the native addon is not in the process)', async () => {
    const program = path.join(root, 'src/cli/program.ts');
    const script = `
      const { runCli } = await import(${JSON.stringify(program)});
      const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), isTty: false,
        cwd: process.cwd(), env: process.env, ask: async () => '' };
      const code = await runCli(['version'], io);
      const lance = process.report.getReport().sharedObjects.filter((f) => /lance/i.test(f));
      process.stdout.write(JSON.stringify({ code, lance }));`;
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(JSON.parse(stdout)).toEqual({ code: 0, lance: [] });
  });
});
