import { describe, expect, it } from 'vitest';
import { canonicalBlobBase } from '../../../src/cluster/config/external-blob-base.js';

describe('canonicalBlobBase', () => {
  it.each([
    ['s3://assets/knowledge', 's3://assets/knowledge/'],
    ['S3://assets/knowledge/', 's3://assets/knowledge/'],
    ['s3://assets', 's3://assets/'],
    ['s3://assets/a%c3%a9/', 's3://assets/a%C3%A9/'],
    ['file:///srv/blobs', 'file:///srv/blobs/'],
    ['file://localhost/srv/blobs/', 'file:///srv/blobs/'],
  ])('canonicalizes %j', (base, uri) => {
    expect(canonicalBlobBase(base)).toMatchObject({ ok: true, uri });
  });

  it.each([
    ['assets/knowledge', 'must be an s3:// or file:/// URI'],
    ['https://cdn.example/x', "has scheme 'https'"],
    ['s3://user:pw@assets/x', 'the base may not carry credentials'],
    ['s3://assets/x?versionId=1', 'may not carry a query or fragment'],
    ['s3://assets/x#frag', 'may not carry a query or fragment'],
    ['s3://assets/a/../b', "may not hold '.' or '..' segments"],
    ['s3://assets/a/./b', "may not hold '.' or '..' segments"],
    ['s3://assets/a//b', 'has an empty path segment'],
    ['s3://assets/a%2Fb', 'malformed or ambiguous %-escape'],
    ['s3://assets/%2e%2e/b', 'malformed or ambiguous %-escape'],
    ['s3://assets/%41', 'malformed or ambiguous %-escape'],
    ['s3://assets/%zz', 'malformed or ambiguous %-escape'],
    ['s3://assets/a b', 'whitespace, a control character or a backslash'],
    ['s3://assets/a\\b', 'whitespace, a control character or a backslash'],
    ['s3://Assets/x', 'does not name a valid (lowercase) bucket'],
    ['s3://assets:9000/x', 'does not name a valid (lowercase) bucket'],
    ['file://host/srv', "names host 'host'"],
    ['file:///', 'names the whole filesystem'],
  ])('refuses %j', (base, problem) => {
    const result = canonicalBlobBase(base);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(problem);
  });

  it('never echoes a base that may hold credentials', () => {
    const result = canonicalBlobBase('s3://assets/x?token=a@b');
    expect(result).toEqual({ ok: false, problem: 'the base may not carry a query or fragment' });
  });
});
