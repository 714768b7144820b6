#!/usr/bin/env node
// Runs a benchmark script: `npm run bench -- <name> [args]` runs bench/<name>.ts on the built
// package, as users run it. It builds `dist`, compiles bench/ into .bench-build/ with
// TypeScript's transpiler (each import of src/ pointed at dist/), and runs the script in plain
// Node: no loader of TypeScript in the measured process. Under `--import tsx` the engine ran the
// same code 5–20% slower (the names of 410k persons 15.7–16.0 ms a read against 12.8–13.0).
// The read benchmarks (`query`, `server`) run with the Node options `omnigraph-server` starts
// with (its first line), so that their figures are those of the server: `NODE_OPTIONS` carries
// them, and a server the bench spawns inherits them. Options already in `NODE_OPTIONS` come
// after, and win (`NODE_OPTIONS=--max-semi-space-size=16` measures with Node's default).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const buildDir = path.join(root, '.bench-build');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(path.join(benchDir, `${name}.ts`))) {
  console.error(
    `usage: npm run bench -- <name> [args]; available: ${available.join(', ') || '(none yet)'}`,
  );
  process.exit(2);
}
const READ_BENCHES = new Set(['query', 'server']);

/** The Node options on `omnigraph-server`'s first line (`#!/usr/bin/env -S node <options>`). */
function serverNodeOptions() {
  const source = readFileSync(path.join(root, 'src/cli/omnigraph-server.ts'), 'utf8');
  const options = /^#!\/usr\/bin\/env -S node((?: --[^\s]+)*)\n/.exec(source)?.[1];
  if (options === undefined) throw new Error("omnigraph-server's first line names no Node options");
  return options.trim();
}

/** Builds `dist` as `npm run build` does; exits with its status if it fails. */
function buildPackage() {
  console.error('[bench] building dist (npm run build)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Every .ts file under `dir`, recursively. */
function typeScriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The specifier `specifier` of `file` (under bench/), for its compiled copy in .bench-build/,
 * which lies as deep under the root: a module of src/ is taken from dist/, anything else is
 * unchanged.
 */
function compiledSpecifier(file, specifier) {
  if (!specifier.startsWith('.')) return specifier;
  const target = path.resolve(path.dirname(file), specifier);
  const fromSource = path.relative(path.join(root, 'src'), target);
  if (fromSource.startsWith('..') || path.isAbsolute(fromSource)) return specifier;
  const built = path.relative(path.dirname(file), path.join(root, 'dist', fromSource));
  return built.startsWith('.') ? built : `./${built}`;
}

/** A transformer pointing the static and dynamic imports of `file` at {@link compiledSpecifier}. */
function importsToDist(file) {
  return (context) => (sourceFile) => {
    const { factory } = context;
    const literal = (node) => factory.createStringLiteral(compiledSpecifier(file, node.text));
    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier !== undefined &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        return ts.isImportDeclaration(node)
          ? factory.updateImportDeclaration(
              node,
              node.modifiers,
              node.importClause,
              literal(node.moduleSpecifier),
              node.attributes,
            )
          : factory.updateExportDeclaration(
              node,
              node.modifiers,
              node.isTypeOnly,
              node.exportClause,
              literal(node.moduleSpecifier),
              node.attributes,
            );
      }
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments.length > 0 &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const [first, ...rest] = node.arguments;
        return factory.updateCallExpression(node, node.expression, node.typeArguments, [
          literal(first),
          ...rest,
        ]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit);
  };
}

/** Compiles bench/ into .bench-build/ (type errors are `npm run typecheck`'s to report). */
function compileBenchmarks() {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
  const compilerOptions = {
    ...options,
    noEmit: false,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  rmSync(buildDir, { recursive: true, force: true });
  for (const file of typeScriptFiles(benchDir)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      transformers: { before: [importsToDist(file)] },
    });
    const out = path.join(buildDir, path.relative(benchDir, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
}

buildPackage();
compileBenchmarks();
const nodeOptions = READ_BENCHES.has(name)
  ? [serverNodeOptions(), process.env.NODE_OPTIONS].filter(Boolean).join(' ')
  : process.env.NODE_OPTIONS;
if (READ_BENCHES.has(name))
  console.error(`[bench] NODE_OPTIONS=${nodeOptions}, as omnigraph-server`);
const result = spawnSync(process.execPath, [path.join(buildDir, `${name}.js`), ...args], {
  stdio: 'inherit',
  cwd: root,
  env: {
    LANCEDB_LOG: 'error',
    ...process.env,
    ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
  },
});
process.exit(result.status ?? 1);
