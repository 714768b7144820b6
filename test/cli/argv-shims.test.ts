import { describe, expect, it } from 'vitest';
import { rewriteDeprecatedArgv } from '../../src/cli/argv-shims.js';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';

function rewrite(argv: readonly string[]) {
  const warnings: string[] = [];
  const rewritten = rewriteDeprecatedArgv(argv, (text) => warnings.push(text));
  return { argv: rewritten, warnings };
}

const warning = (old: string): string =>
  `warning: \`omnigraph ${old}\` is deprecated; use \`omnigraph lint\` instead\n`;

describe('rewriteDeprecatedArgv', () => {
  it.each([
    [['query', 'lint', '--schema', 's.pg', '--query', 'q.gq'], 'query lint'],
    [['query', 'check', '--schema', 's.pg', '--query', 'q.gq'], 'query check'],
    [['check', '--schema', 's.pg', '--query', 'q.gq'], 'check'],
  ])('rewrites %j to lint, warning about `%s`', (argv, old) => {
    expect(rewrite(argv)).toEqual({
      argv: ['lint', '--schema', 's.pg', '--query', 'q.gq'],
      warnings: [warning(old)],
    });
  });

  it('finds the verb after global options and their values', () => {
    expect(rewrite(['--store', 'check', '--quiet', 'query', 'lint', './g', '--json'])).toEqual({
      argv: ['--store', 'check', '--quiet', 'lint', './g', '--json'],
      warnings: [warning('query lint')],
    });
  });

  it.each([
    [['query', 'person', './g', '--query', 'team.gq']],
    [['query', '--query', 'team.gq', 'lint']],
    [['lint', '--query', 'check']],
    [['load', 'check', '--data', 'x.jsonl', '--mode', 'merge']],
    [['--', 'check']],
    [['read', 'person']],
    [[]],
  ])('leaves %j alone', (argv) => {
    expect(rewrite(argv)).toEqual({ argv, warnings: [] });
  });
});

describe('deprecated spellings through runCli', () => {
  it.each([
    [['check'], 'check'],
    [['query', 'lint'], 'query lint'],
    [['query', 'check'], 'query check'],
  ])('%j lints, with a warning on stderr', async (words, old) => {
    const io = captureIo();
    const code = await runCli([...words, '--schema', 'no-such.pg', '--query', 'no-such.gq'], io);
    expect(io.err()).toContain(warning(old));
    // lint ran (and could not read its schema), not a query nor an unknown verb.
    expect(io.err()).not.toContain('unknown command');
    expect(io.err()).toMatch(/no-such\.pg/);
    expect(code).toBe(1);
  });

  it('shows the help of lint for `check --help`', async () => {
    const io = captureIo();
    expect(await runCli(['check', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: omnigraph lint');
    expect(io.err()).toBe(warning('check'));
  });

  it('keeps the usage error of lint pointing at lint', async () => {
    const io = captureIo();
    expect(await runCli(['query', 'check', '--frob'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--frob'");
    expect(io.err()).toContain("See 'omnigraph lint --help'.");
  });
});
