/**
 * Named crash points inside writers. A point armed in the settings (`failpoints`; the CLI reads
 * `OMNIGRAPH_FAILPOINTS=name[,name…]`) makes the process exit at once when it reaches it,
 * without cleanup, as a crash would. Armed as `name:pause`, the process instead stops itself
 * (SIGSTOP) the first time it reaches the point, as a long pause would, until a SIGCONT. Tests
 * run a writer in a child process with a point armed and then prove recovery, or fencing.
 *
 * Every writer `<w>` has `<w>.after_lease`, `<w>.after_intent`, `<w>.before_table_write`,
 * `<w>.after_table_effect`, `<w>.before_publish` and `<w>.after_publish`; the names are listed
 * in docs/reference/failpoints.md.
 */
export const FAILPOINT_EXIT_CODE = 86;

const PAUSE_SUFFIX = ':pause';

/** The crash points armed for one open graph. */
export class Failpoints {
  readonly #exits: ReadonlySet<string>;
  readonly #pauses: Set<string>;

  constructor(armed: readonly string[]) {
    const pause = (name: string) => name.endsWith(PAUSE_SUFFIX);
    this.#exits = new Set(armed.filter((name) => !pause(name)));
    this.#pauses = new Set(armed.filter(pause).map((name) => name.slice(0, -PAUSE_SUFFIX.length)));
  }

  /** Exits the process if `name` is armed; stops it if `name` is armed to pause (once). */
  reach(name: string): void {
    if (this.#pauses.delete(name)) {
      // stderr is synchronous on pipes and files, so the line is out before the stop.
      process.stderr.write(`failpoint ${name} reached; pausing\n`);
      process.kill(process.pid, 'SIGSTOP');
      return;
    }
    if (!this.#exits.has(name)) return;
    process.stderr.write(`failpoint ${name} reached; exiting\n`);
    process.exit(FAILPOINT_EXIT_CODE);
  }
}
