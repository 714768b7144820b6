// A small fuzz campaign with a fixed seed: the same inputs on every run. It goes through worker
// processes, as `npm run fuzz` does, so that a crash or a blocked event loop is reported as a
// failure instead of killing or stalling the test. Longer campaigns: docs/development.md.
import { describe, expect, it } from 'vitest';
import { runCampaign, totalTallies, validSuccessRatio } from './campaign.js';

const SEED = 20_240_601;

describe('fuzzing the compiler and the embedded engine', () => {
  it('answers every input with success or a typed error and leaves rejected writes without effect', async () => {
    const result = await runCampaign({
      seed: SEED,
      runs: 200,
      perSchema: 100,
      jobs: 1,
      deadlineMs: 10_000,
    });
    const failures = result.failures.map(
      (f) =>
        `${f.signature}\n  replay: --seed ${f.seed} --replay ${f.schema}.${f.index}\n  ${f.input}`,
    );
    expect(failures).toEqual([]);
    expect(result.cases).toBe(200);
    // The generators must mostly produce accepted inputs, or they test nothing but rejections.
    expect(validSuccessRatio(totalTallies(result.reports))).toBeGreaterThan(0.8);
  }, 120_000);
});
