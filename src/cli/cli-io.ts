import { createInterface } from 'node:readline/promises';
/** Where a command writes: stdout for results, stderr for diagnostics. Swappable in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colors). */
  readonly isTty: boolean;
  /** Working directory relative paths resolve against. */
  readonly cwd: string;
  /** Asks a question on the terminal and resolves with the answer (only called when `isTty`). */
  readonly ask: (question: string) => Promise<string>;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stdout.isTTY,
    cwd: process.cwd(),
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
