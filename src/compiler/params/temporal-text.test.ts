import { describe, expect, it } from 'vitest';
import {
  DATE_DAYS_RANGE,
  DATETIME_MS_RANGE,
  parseDateText,
  parseDateTimeText,
} from './temporal-text.js';

describe('parseDateText', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2024-02-29', 19782],
    ['0050-01-01', -701_265],
    ['0000-01-01', DATE_DAYS_RANGE.min],
    ['9999-12-31', DATE_DAYS_RANGE.max],
  ])('%s → %d days', (text, days) => {
    expect(parseDateText(text)).toBe(days);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '2024-01-01T00:00:00Z', ''])(
    'rejects %j',
    (text) => {
      expect(parseDateText(text)).toBeUndefined();
    },
  );
});

describe('parseDateTimeText', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['1970-01-01T00:00:01.5Z', 1500],
    ['1970-01-01T00:00:00.123456789Z', 123],
    ['1970-01-01 01:00', 3_600_000],
    ['1970-01-01T02:00:00+02:00', 0],
    ['1970-01-01T00:00:00-0130', 5_400_000],
    ['1970-01-02', 86_400_000],
    ['2024-01-01T00:00:00z', 1_704_067_200_000],
    ['0000-01-01T00:00:00Z', DATETIME_MS_RANGE.min],
    ['9999-12-31T23:59:59.999Z', DATETIME_MS_RANGE.max],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDateTimeText(text)).toBe(ms);
  });

  it.each([
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60Z',
    '2024-02-30T00:00Z',
    '2024-01-01T00:00+25:00',
    'now',
    // In range as written, outside the years 0000–9999 once in UTC: no export could read back.
    '0000-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
  ])('rejects %j', (text) => {
    expect(parseDateTimeText(text)).toBeUndefined();
  });
});
