import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/util/error-catalog.js';

it('docs/reference/errors.md lists every error code with its HTTP status', async () => {
  const doc = await readFile(new URL('../../docs/reference/errors.md', import.meta.url), 'utf8');
  const listed = new Map(
    [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
  );
  const catalog = Object.entries(ERROR_CATALOG).map(([code, spec]) => [code, spec.httpStatus]);
  expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(catalog));
});
