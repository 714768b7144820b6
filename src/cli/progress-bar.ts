import type { LoadProgress } from '../api/index.js';

const WIDTH = 30;
const REDRAW_MS = 100;
/** A load shorter than this shows no bar at all. */
const SHOW_AFTER_MS = 1000;
const MIB = 1024 * 1024;

/**
 * A one-line progress bar on stderr for long loads: the phase, how far it is (a bar when the
 * total is known) and its rate since the phase began, in lines or rows per second, or in MiB per
 * second for bytes (a remote load's upload). Drawn only when `enabled` (stderr is a terminal),
 * only once the load has run for a second, and at most ten times a second; `done()` clears it.
 * `now` is the clock (injected by tests).
 */
export function progressBar(
  enabled: boolean,
  write: (text: string) => void,
  now: () => number = Date.now,
): { update: (p: LoadProgress) => void; done: () => void } {
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let phase: LoadProgress['phase'] | undefined;
  let phaseStart = start;
  let lastReport = start;
  return {
    update(progress) {
      if (!enabled) return;
      const t = now();
      // A phase starts when the one before it last reported (the load's start for the first).
      if (progress.phase !== phase) {
        phase = progress.phase;
        phaseStart = lastReport;
      }
      lastReport = t;
      if (t - start < SHOW_AFTER_MS || t - last < REDRAW_MS) return;
      last = t;
      drawn = true;
      write(`\r${progressLine(progress, t - phaseStart)}\x1b[K`);
    },
    done() {
      if (drawn) write('\r\x1b[K');
    },
  };
}

/**
 * The text of the bar for `progress`, `elapsedMs` into its phase: e.g. `validate: 12,345 lines
 * (45,000 lines/s)`, `write [=====>   ] 42% 12,345/29,000 rows (45,000 rows/s)` or
 * `upload [=====>   ] 42% 12.3/29.1 MiB (8.4 MiB/s)`.
 */
export function progressLine(progress: LoadProgress, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  if (progress.bytes !== undefined) {
    const rate = seconds > 0 ? ` (${mib(progress.bytes / seconds)} MiB/s)` : '';
    const total = progress.totalBytes;
    if (total === undefined || total === 0)
      return `${progress.phase}: ${mib(progress.bytes)} MiB${rate}`;
    return `${progress.phase} ${bar(progress.bytes / total)} ${mib(progress.bytes)}/${mib(total)} MiB${rate}`;
  }
  const unit = progress.total === undefined || progress.total === 0 ? 'lines' : 'rows';
  const rate = seconds > 0 ? ` (${count(progress.done / seconds)} ${unit}/s)` : '';
  if (progress.total === undefined || progress.total === 0)
    return `${progress.phase}: ${count(progress.done)} lines${rate}`;
  return `${progress.phase} ${bar(progress.done / progress.total)} ${count(progress.done)}/${count(progress.total)} rows${rate}`;
}

/** `[=====>    ] 42%` for a ratio (clamped to 0..1). */
function bar(ratio: number): string {
  const clamped = Math.min(1, Math.max(0, ratio));
  const filled = Math.round(clamped * WIDTH);
  const body = filled > 0 && filled < WIDTH ? `${'='.repeat(filled - 1)}>` : '='.repeat(filled);
  return `[${body}${' '.repeat(WIDTH - filled)}] ${Math.round(clamped * 100)}%`;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
