/**
 * Options of the whole program that take a value: skipped when finding the verb in a command
 * line (`omnigraph --server prod query …`).
 */
const GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '--as',
  '--store',
  '--server',
  '--graph',
  '--token',
  '--policy',
  '--profile',
]);

/**
 * Where the words of a command line are that are not options nor a global option's value: the
 * verb, its sub-command, positionals (up to a `--`).
 *
 * @example wordIndexes(['--server', 'prod', 'branch', 'list', '--json']) // [2, 3]
 */
export function wordIndexes(argv: readonly string[]): number[] {
  const indexes: number[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') break;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) index += 1;
    else if (!arg.startsWith('-')) indexes.push(index);
  }
  return indexes;
}
