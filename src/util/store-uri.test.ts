import { describe, expect, it } from 'vitest';
import { isOmniError } from './omni-error.js';
import { formatStoreUri, parseStoreUri } from './store-uri.js';

describe('parseStoreUri', () => {
  it('resolves bare paths to absolute file locations', () => {
    expect(parseStoreUri('graphs/people', '/work')).toEqual({
      kind: 'file',
      path: '/work/graphs/people',
    });
    expect(parseStoreUri('/abs/g')).toEqual({ kind: 'file', path: '/abs/g' });
    expect(parseStoreUri('./g', '/w')).toEqual({ kind: 'file', path: '/w/g' });
  });

  it('parses file, memory and s3 URIs', () => {
    expect(parseStoreUri('file:///data/g%20x')).toEqual({ kind: 'file', path: '/data/g x' });
    expect(parseStoreUri('file://localhost/data/g')).toEqual({ kind: 'file', path: '/data/g' });
    expect(parseStoreUri('memory://test-1')).toEqual({ kind: 'memory', name: 'test-1' });
    expect(parseStoreUri('s3://bucket')).toEqual({ kind: 's3', bucket: 'bucket', prefix: '' });
    expect(parseStoreUri('s3://bucket/a/b/')).toEqual({
      kind: 's3',
      bucket: 'bucket',
      prefix: 'a/b',
    });
  });

  it('formats canonical URIs that parse back to the same location', () => {
    for (const uri of ['file:///data/g', 'memory://m', 's3://b/p/q', 's3://b']) {
      expect(formatStoreUri(parseStoreUri(uri))).toBe(uri);
    }
  });

  const bad: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['gs://bucket/x', "unsupported scheme 'gs'"],
    ['http://example.com/g', "unsupported scheme 'http'"],
    ['s3://', 'bucket name is empty'],
    ['s3:///prefix', 'bucket name is empty'],
    ['s3://bad bucket/x', 'not a valid bucket name'],
    ['s3://b/a/../x', '".." segments'],
    ['s3://b/a//x', 'empty segment'],
    ['memory://', 'needs a name'],
    ['file://server/share', 'must be absolute'],
    ['s3:bucket', 'must be followed by //'],
  ];
  it.each(bad)('rejects %j with a typed invalid_uri error (%s)', (uri, reason) => {
    let error: unknown;
    try {
      parseStoreUri(uri);
    } catch (e) {
      error = e;
    }
    expect(isOmniError(error, 'invalid_uri')).toBe(true);
    expect((error as Error).message).toContain(reason);
  });
});
