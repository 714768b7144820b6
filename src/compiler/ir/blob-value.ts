import type { Fit } from './fit.js';
import type { BlobValue } from './value.js';

const BASE64_PREFIX = 'base64:';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/**
 * A Blob input from its text form: `base64:<payload>` is managed bytes, any other URI an
 * external reference (whether external blobs are allowed is the engine's policy).
 *
 * @example blobValue('base64:aGk=') // { ok: true, value: { kind: 'blob', source: 'base64', data: 'aGk=' } }
 */
export function blobValue(text: string): Fit<BlobValue> {
  if (text.startsWith(BASE64_PREFIX)) {
    const data = text.slice(BASE64_PREFIX.length);
    return BASE64.test(data)
      ? { ok: true, value: { kind: 'blob', source: 'base64', data } }
      : { ok: false, message: 'invalid base64 payload after base64:' };
  }
  return URI.test(text)
    ? { ok: true, value: { kind: 'blob', source: 'uri', data: text } }
    : { ok: false, message: `expected a URI or base64:<payload>, got '${text}'` };
}
