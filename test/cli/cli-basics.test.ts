import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { runServerCli } from '../../src/cli/server-program.js';
import { VERSION } from '../../src/cli/version.js';
import { captureIo } from '../helpers/capture-io.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('omnigraph command line', () => {
  it('prints its help when called without a verb', async () => {
    const io = captureIo();
    expect(await runCli([], io)).toBe(0);
    expect(io.out()).toContain('Usage: omnigraph');
  });

  it('prints exactly `omnigraph <version>` for -v and --version', async () => {
    for (const flag of ['-v', '--version']) {
      const io = captureIo();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.out()).toBe(`omnigraph ${VERSION}\n`);
    }
  });

  it('rejects an unknown verb with exit code 2 and a clear message', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
    expect(io.err()).toContain('omnigraph --help');
  });

  it('exits non-zero from the real binary on an unknown verb', async () => {
    const bin = path.join(root, 'src/cli/omnigraph.ts');
    const error = await run(process.execPath, ['--import', 'tsx', bin, 'no-such-verb']).catch(
      (e: unknown) => e,
    );
    expect((error as { code: number }).code).toBe(2);
    expect((error as { stderr: string }).stderr).toContain("unknown command 'no-such-verb'");
  });
});

describe('omnigraph-server command line', () => {
  it('prints its help for --help', async () => {
    const io = captureIo();
    expect(await runServerCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('--cluster <dir|uri>');
  });

  it('is a usage error without a cluster to serve', async () => {
    const io = captureIo(process.cwd(), [], {});
    expect(await runServerCli([], io)).toBe(2);
    expect(io.err()).toContain(
      'pass --cluster <dir | s3://bucket/prefix> or set OMNIGRAPH_CLUSTER',
    );
  });

  it('refuses to serve a cluster it cannot read, naming the diagnostic', async () => {
    const io = captureIo(process.cwd(), [], {});
    expect(await runServerCli(['--cluster', 'no-such-cluster-dir'], io)).toBe(1);
    expect(io.err()).toContain('error: cannot serve the cluster: config_dir_not_found');
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const io = captureIo();
    expect(await runServerCli(['--frob'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--frob'");
  });
});
