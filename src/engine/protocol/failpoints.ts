/**
 * Named crash points inside writers. A point armed in the settings (`failpoints`; the CLI reads
 * `OMNIGRAPH_FAILPOINTS=name[,name…]`) makes the process exit at once when it reaches it,
 * without cleanup, as a crash would. Tests run a writer in a child process with a point armed
 * and then prove recovery.
 *
 * Every writer `<w>` has `<w>.after_table_effect`, `<w>.before_publish` and
 * `<w>.after_publish`; the names are listed in docs/reference/failpoints.md.
 */
export const FAILPOINT_EXIT_CODE = 86;

/** The crash points armed for one open graph. */
export class Failpoints {
  readonly #armed: ReadonlySet<string>;

  constructor(armed: readonly string[]) {
    this.#armed = new Set(armed);
  }

  /** Exits the process if `name` is armed. */
  reach(name: string): void {
    if (!this.#armed.has(name)) return;
    process.stderr.write(`failpoint ${name} reached; exiting\n`);
    process.exit(FAILPOINT_EXIT_CODE);
  }
}
