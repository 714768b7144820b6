/** Where a command writes: stdout for results, stderr for diagnostics. Swappable in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colors). */
  readonly isTty: boolean;
  /** Working directory relative paths resolve against. */
  readonly cwd: string;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stdout.isTTY,
    cwd: process.cwd(),
  };
}
