import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChildResult } from '../engine/graph-helpers.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GUIDE = 'docs/guide/getting-started.md';

/** A block preceded by this comment is shown to readers but not run here. */
const NOT_RUN = /<!-- not run: (.+?) -->\s*$/;

/** What some steps of the walk must print; `command` picks the steps by their line. */
const EXPECTED_OUTPUT: readonly { readonly command: RegExp; readonly output: RegExp }[] = [
  { command: /^npx omnigraph load .*team\.jsonl/, output: /: 10 entities across 2 node types/ },
  { command: /query person .*"Ada"/, output: /^Ada +\| engineer$/m },
  { command: /query projects_of .*"Grace"/, output: /^website +\| The public website$/m },
  {
    command: /^npx omnigraph mutate /,
    output: /^changed main via join_project: 0 nodes, 1 edges$/m,
  },
  { command: /"Barbara".*--branch new-hires/, output: /^Barbara +\| engineer$/m },
  { command: /^(?!.*--branch).*"Barbara"/, output: /^0 rows from branch main via person$/m },
  { command: /branch merge .*new-hires/, output: /^merged new-hires into main: fast_forward$/m },
  { command: /^npx omnigraph export /, output: /"name":"Barbara"/ },
  { command: /--snapshot/, output: /^compiler +\| 2\nwebsite +\| 2$/m },
  { command: /^npx omnigraph lint /, output: /0 error\(s\), 0 warning\(s\)/ },
];

interface BashBlock {
  readonly notRunReason: string | undefined;
  /** Command lines: continuations joined, blank and comment-only lines dropped. */
  readonly commands: readonly string[];
}

function bashBlocksOf(markdown: string): BashBlock[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => ({
    notRunReason: NOT_RUN.exec(markdown.slice(0, match.index))?.[1],
    commands: (match[1] ?? '')
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  }));
}

/** Files the guide names: every `examples/…` path, and data files in its shell blocks. */
function referencedFiles(markdown: string, blocks: readonly BashBlock[]): string[] {
  const inText = markdown.match(/examples\/[\w./-]*\w/g) ?? [];
  const inCommands = blocks.flatMap(
    (b) => b.commands.join(' ').match(/[\w./-]+\.(?:pg|gq|jsonl)\b/g) ?? [],
  );
  return [...new Set([...inText, ...inCommands])];
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The real CLI from source through tsx, as shell words (`npx omnigraph` needs a build). */
const OMNIGRAPH = [
  process.execPath,
  '--import',
  import.meta.resolve('tsx'),
  path.join(ROOT, 'src/cli/omnigraph.ts'),
]
  .map(shellQuote)
  .join(' ');

/** Runs a guide line in bash (it may use `$(…)` and pipes), with the CLI from source. */
function runGuideLine(line: string, cwd: string): Promise<ChildResult> {
  const script = line.replaceAll('npx omnigraph', OMNIGRAPH);
  // The guide's `node -p` must be this Node, whatever the PATH.
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', script],
      { cwd, env: { ...process.env, PATH } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

const markdown = await readFile(path.join(ROOT, GUIDE), 'utf8');
const blocks = bashBlocksOf(markdown);

describe(`${GUIDE}, typed as written`, () => {
  let cwd = '';
  const met = new Set<RegExp>();

  beforeAll(async () => {
    // The guide runs from the repository root; a copy of examples/ is all its paths need.
    cwd = await freshTempDir('getting-started');
    await cp(path.join(ROOT, 'examples'), path.join(cwd, 'examples'), { recursive: true });
  });

  it('names only files that exist', () => {
    const missing = referencedFiles(markdown, blocks).filter(
      (f) => !existsSync(path.join(ROOT, f)),
    );
    expect(missing).toEqual([]);
  });

  for (const { notRunReason, commands } of blocks) {
    for (const command of commands) {
      if (notRunReason !== undefined) {
        it.skip(`${command}  [not run: ${notRunReason}]`, () => undefined);
        continue;
      }
      it(command, async () => {
        expect(command, 'only `npx omnigraph` lines run; mark other blocks "not run"').toMatch(
          /^npx omnigraph /,
        );
        const result = await runGuideLine(command, cwd);
        expect(result.code, result.stderr).toBe(0);
        for (const expected of EXPECTED_OUTPUT.filter((e) => e.command.test(command))) {
          expect(result.stdout).toMatch(expected.output);
          met.add(expected.command);
        }
      });
    }
  }

  it('walks every step the checks expect', () => {
    const unmet = EXPECTED_OUTPUT.filter((e) => !met.has(e.command)).map((e) => e.command.source);
    expect(unmet).toEqual([]);
  });
});
