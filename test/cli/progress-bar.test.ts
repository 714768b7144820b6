import { describe, expect, it } from 'vitest';
import { progressBar, progressLine } from '../../src/cli/progress-bar.js';

/** A bar writing into an array, on a clock the test moves. */
function harness(enabled = true): {
  bar: ReturnType<typeof progressBar>;
  out: string[];
  at: (ms: number) => void;
} {
  let clock = 10_000;
  const out: string[] = [];
  const bar = progressBar(
    enabled,
    (text) => out.push(text),
    () => clock,
  );
  return { bar, out, at: (ms) => (clock = 10_000 + ms) };
}

describe('progressLine', () => {
  it('shows lines and their rate while the total is unknown', () => {
    expect(progressLine({ phase: 'validate', done: 90_000, total: undefined }, 2000)).toBe(
      'validate: 90,000 lines (45,000 lines/s)',
    );
  });

  it('shows a bar, rows and their rate once the total is known', () => {
    expect(progressLine({ phase: 'write', done: 12_345, total: 29_000 }, 500)).toBe(
      `write [============>${' '.repeat(17)}] 43% 12,345/29,000 rows (24,690 rows/s)`,
    );
  });

  it('shows bytes as MiB and MiB/s for an upload', () => {
    const MiB = 1024 * 1024;
    expect(
      progressLine(
        {
          phase: 'upload',
          done: 12.3 * MiB,
          total: 29.1 * MiB,
          bytes: 12.3 * MiB,
          totalBytes: 29.1 * MiB,
        },
        1500,
      ),
    ).toBe(`upload [============>${' '.repeat(17)}] 42% 12.3/29.1 MiB (8.2 MiB/s)`);
    expect(
      progressLine({ phase: 'upload', done: 3 * MiB, total: undefined, bytes: 3 * MiB }, 2000),
    ).toBe('upload: 3.0 MiB (1.5 MiB/s)');
  });

  it('leaves out the rate when no time has passed, and fills the bar at the end', () => {
    expect(progressLine({ phase: 'write', done: 10, total: 10 }, 0)).toBe(
      `write [${'='.repeat(30)}] 100% 10/10 rows`,
    );
  });
});

describe('progressBar', () => {
  it('draws nothing during the first second of a load', () => {
    const { bar, out, at } = harness();
    at(500);
    bar.update({ phase: 'validate', done: 1000, total: undefined });
    at(999);
    bar.update({ phase: 'validate', done: 2000, total: undefined });
    bar.done();
    expect(out).toEqual([]);
  });

  it('draws after a second, at most every 100 ms, with the rate since the phase began', () => {
    const { bar, out, at } = harness();
    at(1000);
    bar.update({ phase: 'validate', done: 50_000, total: undefined });
    at(1050);
    bar.update({ phase: 'validate', done: 52_000, total: undefined });
    at(1200);
    bar.update({ phase: 'validate', done: 60_000, total: undefined });
    // The write phase begins at the last validate report (1200 ms).
    at(2200);
    bar.update({ phase: 'write', done: 20_000, total: 60_000 });
    bar.done();
    expect(out).toEqual([
      '\rvalidate: 50,000 lines (50,000 lines/s)\x1b[K',
      '\rvalidate: 60,000 lines (50,000 lines/s)\x1b[K',
      `\rwrite [=========>${' '.repeat(20)}] 33% 20,000/60,000 rows (20,000 rows/s)\x1b[K`,
      '\r\x1b[K',
    ]);
  });

  it('draws nothing when disabled (not a terminal, or --json)', () => {
    const { bar, out, at } = harness(false);
    at(5000);
    bar.update({ phase: 'write', done: 1, total: 2 });
    bar.done();
    expect(out).toEqual([]);
  });
});
