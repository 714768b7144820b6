import { wordIndexes } from './command-words.js';

/** The verb `lint` replaces, each spelling with the words it takes. */
const LINT_SPELLINGS: readonly (readonly string[])[] = [
  ['query', 'lint'],
  ['query', 'check'],
  ['check'],
];

/**
 * Rewrites the retired spellings of a command line to the verb that replaced them, before it is
 * parsed, and warns (through `warn`) about each: `omnigraph query lint …`, `omnigraph query
 * check …` and `omnigraph check …` are `omnigraph lint …`. The words must follow each other
 * (`query --branch b lint` runs a query named `lint`); everything else is left as it is.
 */
export function rewriteDeprecatedArgv(
  argv: readonly string[],
  warn: (text: string) => void,
): readonly string[] {
  const [at] = wordIndexes(argv);
  if (at === undefined) return argv;
  const old = LINT_SPELLINGS.find((words) =>
    words.every((word, offset) => argv[at + offset] === word),
  );
  if (old === undefined) return argv;
  warn(`warning: \`omnigraph ${old.join(' ')}\` is deprecated; use \`omnigraph lint\` instead\n`);
  return [...argv.slice(0, at), 'lint', ...argv.slice(at + old.length)];
}
