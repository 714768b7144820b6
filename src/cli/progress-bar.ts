import type { LoadProgress } from '../api/index.js';

const WIDTH = 30;
const REDRAW_MS = 100;

/**
 * A one-line progress bar on stderr for long loads, redrawn at most ten times a second and
 * only when stderr is a terminal. `done()` clears it.
 */
export function progressBar(
  enabled: boolean,
  write: (text: string) => void,
): { update: (p: LoadProgress) => void; done: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update(progress) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      drawn = true;
      const count = progress.done.toLocaleString('en-US');
      if (progress.total === undefined || progress.total === 0) {
        write(`\r${progress.phase}: ${count} lines`);
        return;
      }
      const ratio = Math.min(1, progress.done / progress.total);
      const filled = Math.round(ratio * WIDTH);
      write(
        `\r${progress.phase} [${'='.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${Math.round(ratio * 100)}% ${count}/${progress.total.toLocaleString('en-US')} rows`,
      );
    },
    done() {
      if (drawn) write('\r\x1b[K');
    },
  };
}
