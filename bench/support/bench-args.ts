import { OmniError } from '../../src/util/omni-error.js';

/** `--name value` and `--flag` arguments of a bench script. */
export function benchArgs(argv: readonly string[]): {
  value(name: string): string | undefined;
  flag(name: string): boolean;
  require(name: string): string;
} {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    value,
    flag: (name) => argv.includes(`--${name}`),
    require: (name) => {
      const v = value(name);
      if (v === undefined) throw new OmniError('usage', `missing --${name}`);
      return v;
    },
  };
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
