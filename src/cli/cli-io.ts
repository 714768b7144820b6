import { createInterface } from 'node:readline/promises';
import type { Env } from '../api/index.js';

/** Where a command writes: stdout for results, stderr for diagnostics. Swappable in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colors). */
  readonly isTty: boolean;
  /** Working directory relative paths resolve against. */
  readonly cwd: string;
  /** The environment settings are read from (`OMNIGRAPH_*`, `AWS_*`). */
  readonly env: Env;
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
    env: process.env,
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
