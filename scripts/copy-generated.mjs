#!/usr/bin/env node
// tsc does not copy plain .js files; the generated parsers are copied into dist after the build.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'src/compiler/generated');
if (existsSync(from)) cpSync(from, path.join(root, 'dist/compiler/generated'), { recursive: true });
