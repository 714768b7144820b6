import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { buildProgram, runCli } from '../../src/cli/program.js';
import { VERB_EXAMPLES } from '../../src/cli/verb-examples.js';
import { verbNamed } from '../../src/cli/verb-registry.js';
import { captureIo } from '../helpers/capture-io.js';

/** A program as `runCli` builds it for `argv` (every verb for an empty one), writing nowhere. */
async function programFor(argv: readonly string[]): Promise<Command> {
  const ctx: CliContext = { io: captureIo(), exitCode: 0, json: false };
  return buildProgram(ctx, argv);
}

/** Every command of the tree below `command`, by label (`branch create`). */
function commandsOf(command: Command, prefix = ''): Map<string, Command> {
  const found = new Map<string, Command>();
  for (const sub of command.commands) {
    const label = prefix === '' ? sub.name() : `${prefix} ${sub.name()}`;
    found.set(label, sub);
    for (const [deeper, each] of commandsOf(sub, label)) found.set(deeper, each);
  }
  return found;
}

/**
 * The arguments of an example as a POSIX shell would pass them: quotes removed, the command
 * ending at a redirection, a pipe or a `#` comment.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let at = 0; at < line.length; at += 1) {
    const char = line.charAt(at);
    if (char === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (word === undefined && ['#', '>', '<', '|'].includes(char)) {
      break;
    } else if (char === "'" || char === '"') {
      const end = line.indexOf(char, at + 1);
      if (end < 0) throw new Error(`unbalanced ${char} in: ${line}`);
      word = (word ?? '') + line.slice(at + 1, end);
      at = end;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

const examples = [...VERB_EXAMPLES].flatMap(([label, lines]) =>
  lines.map((line) => ({ label, line })),
);
/** Whether the verb of an entry is registered: one that is not yet cannot be checked. */
const registered = (label: string): boolean => verbNamed(label.split(' ')[0] ?? '') !== undefined;

describe('examples in the help of every verb', () => {
  it('has an entry for every registered command and sub-command', async () => {
    const labels = [...commandsOf(await programFor([])).keys()];
    expect(labels.length).toBeGreaterThan(40);
    expect(labels.filter((label) => !VERB_EXAMPLES.has(label))).toEqual([]);
    for (const [label, lines] of VERB_EXAMPLES) {
      expect(lines.length, label).toBeGreaterThan(0);
      expect(lines.length, label).toBeLessThanOrEqual(2);
    }
  });

  it('has no entry for a command a registered verb lacks', async () => {
    const commands = commandsOf(await programFor([]));
    const stale = [...VERB_EXAMPLES.keys()].filter(
      (label) => registered(label) && !commands.has(label),
    );
    expect(stale).toEqual([]);
  });

  describe.each(examples)('$label: $line', ({ label, line }) => {
    it.skipIf(!registered(label))('parses against the command it illustrates', async () => {
      const words = shellWords(line);
      expect(words[0]).toBe('omnigraph');
      const argv = words.slice(1);
      const program = await programFor(argv);
      // Every command's action only records that it was chosen: nothing runs.
      let ran: string | undefined;
      for (const [each, command] of commandsOf(program)) {
        if (command.commands.length === 0)
          command.action(() => {
            ran = each;
          });
      }
      const err: string[] = [];
      program.configureOutput({ writeErr: (text) => err.push(text), writeOut: () => undefined });
      await expect(program.parseAsync(argv, { from: 'user' })).resolves.toBeDefined();
      expect(err.join('')).toBe('');
      expect(ran === label || ran?.startsWith(`${label} `), `ran ${String(ran)}`).toBe(true);
    });
  });

  it('shows the examples in `<verb> --help`, `<verb> <sub> --help` and `help <verb> <sub>`', async () => {
    for (const argv of [
      ['query', '--help'],
      ['branch', 'create', '--help'],
      ['help', 'branch', 'create'],
      ['branch', '--help'],
      ['version', '--help'],
    ]) {
      const io = captureIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(0);
      const label = argv.filter((word) => word !== 'help' && word !== '--help').join(' ');
      const lines = VERB_EXAMPLES.get(label) ?? [];
      expect(io.out()).toContain(`\nExamples:\n${lines.map((each) => `  $ ${each}`).join('\n')}\n`);
    }
  });

  it('ends the help of every registered command with its examples', async () => {
    for (const label of commandsOf(await programFor([])).keys()) {
      const help = await helpOf(label.split(' '));
      expect(help, label).toContain(`Usage: omnigraph ${label}`);
      const first = VERB_EXAMPLES.get(label)?.[0];
      expect(help, label).toContain(`Examples:\n  $ ${String(first)}\n`);
    }
  });
});

/** What `omnigraph <words> --help` prints. */
async function helpOf(words: readonly string[]): Promise<string> {
  const io = captureIo();
  await runCli([...words, '--help'], io);
  return io.out() + io.err();
}
