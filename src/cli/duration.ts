import { OmniError } from '../util/omni-error.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

/**
 * Seconds of a duration flag such as `7d`, `24h`, `90m` (units `s|m|h|d|w`); anything else is a
 * `usage` error naming the flag.
 *
 * @example parseDuration('2w', '--older-than') // 1209600
 */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  const unit = match?.[2];
  if (!match || unit === undefined) {
    throw new OmniError(
      'usage',
      `${flag} expects a duration like 7d, 24h or 90m (units s, m, h, d, w), got '${text}'`,
    );
  }
  return Number(match[1]) * (UNIT_SECONDS[unit] ?? 1);
}
