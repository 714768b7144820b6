import { z } from 'zod';

/** A ULID as minted by `newUlid`: 26 Crockford base32 digits, so ids sort by creation time. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A content digest: lowercase hex SHA-256. */
export const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A graph id, query name or policy name: an ASCII letter or `_`, then letters, digits, `_` or
 * `-`. Every such name becomes one segment of a storage key, so nothing else may pass.
 */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Zod shape of a ULID. */
export const ulidField = z.string().regex(ULID_PATTERN, 'expected a ULID');

/** Zod shape of a content digest. */
export const digestField = z.string().regex(DIGEST_PATTERN, 'expected a lowercase hex SHA-256');

/** Zod shape of an RFC 3339 timestamp (`2026-06-11T12:00:00.000Z`, offsets allowed). */
export const timestampField = z.iso.datetime({ offset: true });

/**
 * A JSON map whose parsed (and so written) keys are sorted, so that the same content always
 * serializes to the same bytes whatever order it was built in.
 */
export function sortedRecord<V extends z.ZodType>(value: V) {
  return z
    .record(z.string().min(1), value)
    .transform((record) =>
      Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    );
}
