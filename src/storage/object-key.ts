import { OmniError } from '../util/omni-error.js';

/** Longest key accepted (S3's limit). */
export const MAX_KEY_BYTES = 1024;

/** Segment prefix reserved for the file backend's temporary and lock files. */
export const RESERVED_SEGMENT_PREFIX = '.og-';

function invalidKey(key: string, reason: string): OmniError {
  return new OmniError('invalid_key', `invalid object key '${key}': ${reason}`, {
    details: { key },
  });
}

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

function checkCommon(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw invalidKey(key.slice(0, 64) + '…', 'it is too long');
  if (hasControlOrBackslash(key)) {
    throw invalidKey(key, 'it contains a control character or backslash');
  }
  if (key.startsWith('/')) throw invalidKey(key, 'keys are relative; remove the leading "/"');
}

function checkSegments(key: string, segments: readonly string[]): void {
  for (const segment of segments) {
    if (segment === '..' || segment === '.')
      throw invalidKey(key, 'it contains a "." or ".." segment');
    if (segment.startsWith(RESERVED_SEGMENT_PREFIX)) {
      throw invalidKey(
        key,
        `segments may not start with the reserved "${RESERVED_SEGMENT_PREFIX}"`,
      );
    }
  }
}

/** Validates an object key: non-empty, relative, no empty, "." or ".." segments. */
export function validateKey(key: string): string {
  if (key.length === 0) throw invalidKey(key, 'it is empty');
  checkCommon(key);
  const segments = key.split('/');
  if (segments.some((segment) => segment.length === 0)) {
    throw invalidKey(key, 'it contains an empty segment ("//" or a trailing "/")');
  }
  checkSegments(key, segments);
  return key;
}

/** Validates a listing prefix: may be empty or end with "/", otherwise as a key. */
export function validatePrefix(prefix: string): string {
  if (prefix.length === 0) return prefix;
  checkCommon(prefix);
  const segments = prefix.split('/');
  if (segments.slice(0, -1).some((segment) => segment.length === 0)) {
    throw invalidKey(prefix, 'it contains an empty segment ("//")');
  }
  checkSegments(prefix, segments);
  return prefix;
}
