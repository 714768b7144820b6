/**
 * Text → epoch conversions for `Date` (epoch days) and `DateTime` (epoch milliseconds), shared
 * by the `date(…)` / `datetime(…)` literals and JSON parameter binding. Both return undefined for
 * text that is not a valid calendar date or time, so each caller words its own error.
 */

const MS_PER_DAY = 86_400_000;

/**
 * The epoch days that `YYYY-MM-DD` can write, 0000-01-01 to 9999-12-31: a Date outside them
 * could be stored but not exported in a form that loads back.
 */
export const DATE_DAYS_RANGE = { min: -719_528, max: 2_932_896 } as const;

/** The epoch milliseconds of 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z (as Dates). */
export const DATETIME_MS_RANGE = {
  min: DATE_DAYS_RANGE.min * MS_PER_DAY,
  max: (DATE_DAYS_RANGE.max + 1) * MS_PER_DAY - 1,
} as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, optional time (`T` or space, seconds and fraction optional), optional zone (`Z`, ±hh:mm).
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Days since 1970-01-01 for `YYYY-MM-DD`, or undefined when invalid.
 *
 * @example parseDateText('1970-01-02') // 1
 */
export function parseDateText(text: string): number | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const ms = utcMs(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0);
  return ms === undefined ? undefined : ms / MS_PER_DAY;
}

/**
 * Milliseconds since the epoch for an ISO-8601 date or date-time (UTC unless a zone is given),
 * or undefined when invalid or, once in UTC, outside {@link DATETIME_MS_RANGE}. Fractions below
 * a millisecond are truncated.
 *
 * @example parseDateTimeText('1970-01-01T00:00:01Z') // 1000
 */
export function parseDateTimeText(text: string): number | undefined {
  const match = DATETIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const base = utcMs(
    Number(year),
    Number(month),
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
  );
  const offset = zoneOffsetMs(zone);
  if (base === undefined || offset === undefined) return undefined;
  const millis = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const ms = base + millis - offset;
  return ms >= DATETIME_MS_RANGE.min && ms <= DATETIME_MS_RANGE.max ? ms : undefined;
}

/** Epoch ms of a UTC calendar time, or undefined when a field is out of range. */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | undefined {
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over (Feb 30 → Mar 2), so a changed field means the input was invalid;
  // setUTCFullYear keeps years 0–99 from being read as 1900–1999.
  date.setUTCFullYear(year);
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.getTime() : undefined;
}

/** The zone offset in ms (`Z` or none → 0), or undefined when out of range. */
function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
