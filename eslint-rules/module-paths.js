// Where a linted file sits in src/ and which modules it imports, shared by the omnigraph/* rules.
import path from 'node:path';

/** Absolute path of the linted project's src/. */
export function srcRootOf(context) {
  return path.resolve(context.cwd, 'src');
}

/** `file` relative to `srcRoot` with '/' separators, or undefined when it is outside src/. */
export function srcPath(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The src-relative .ts file a relative specifier in `file` names (`./x.js` → `x.ts`). */
export function srcImportTarget(file, spec, srcRoot) {
  if (!spec.startsWith('.')) return undefined;
  return srcPath(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), srcRoot);
}

/**
 * AST visitors calling `check(node, specifier)` for every module a file names: imports
 * (type-only too), re-exports, dynamic `import()` and `import('…')` types.
 */
export function importVisitors(check) {
  const visit = (node, source) => {
    if (source?.type === 'Literal' && typeof source.value === 'string') check(node, source.value);
  };
  return {
    ImportDeclaration: (node) => visit(node, node.source),
    ExportAllDeclaration: (node) => visit(node, node.source),
    ExportNamedDeclaration: (node) => visit(node, node.source),
    ImportExpression: (node) => visit(node, node.source),
    TSImportType: (node) => visit(node, node.source),
  };
}
