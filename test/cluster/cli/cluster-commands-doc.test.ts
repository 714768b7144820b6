import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../../src/cluster/diagnostic.js';

it('docs/reference/cluster-commands.md documents every diagnostic code once, with severity and meaning', async () => {
  const doc = await readFile(
    new URL('../../../docs/reference/cluster-commands.md', import.meta.url),
    'utf8',
  );
  const section = doc.slice(doc.indexOf('## Diagnostic codes'));
  const rows = [...section.matchAll(/^\| `([a-z_]+)` \| ([^|]*) \| ([^|]*) \|$/gm)].map(
    ([, code, severity, meaning]) => ({
      code,
      severity: severity?.trim(),
      meaning: meaning?.trim(),
    }),
  );
  const codes = rows.map((row) => row.code);
  expect(codes).toEqual([...new Set(codes)]);
  expect([...codes].sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  for (const row of rows) {
    expect(['error', 'warning', 'error, warning'], row.code).toContain(row.severity);
    expect(row.meaning, row.code).not.toBe('');
  }
});
