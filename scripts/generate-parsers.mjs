#!/usr/bin/env node
// Generates the .pg/.gq parsers from their peggy grammars (src/compiler/grammar/*.peggy) into
// src/compiler/generated/ as ES modules with .d.ts files. Skips grammars whose output is newer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const grammarDir = path.join(root, 'src/compiler/grammar');
const outDir = path.join(root, 'src/compiler/generated');
const peggy = path.join(root, 'node_modules/peggy/bin/peggy.js');

if (!existsSync(grammarDir)) process.exit(0);
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(grammarDir).filter((f) => f.endsWith('.peggy'))) {
  const input = path.join(grammarDir, file);
  const output = path.join(outDir, file.replace(/\.peggy$/, '-parser.js'));
  if (existsSync(output) && statSync(output).mtimeMs >= statSync(input).mtimeMs) continue;
  execFileSync(
    process.execPath,
    [peggy, '--format', 'es', '--dts', '--allowed-start-rules', '*', '-o', output, input],
    {
      stdio: 'inherit',
    },
  );
}
