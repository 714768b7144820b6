// Enforces the import direction between the layers of src/ (design: ARCHITECTURE.md).
// A module may import only from its own layer or from the layers it is allowed to see.
import path from 'node:path';

/** Layer order, lowest first. A layer may import any layer before it, minus the exceptions. */
export const LAYERS = [
  'util',
  'storage',
  'compiler',
  'policy',
  'engine',
  'cluster',
  'api',
  'server',
  'client',
  'cli',
];

/** Pairs that the order alone would allow but the design forbids. */
const FORBIDDEN = {
  // The compiler is pure: no I/O, so no storage.
  compiler: ['storage'],
  // Wire types depend on nothing but util.
  api: ['storage', 'compiler', 'policy', 'engine', 'cluster'],
};

/** The layer a file under src/ belongs to, or undefined when outside src/. */
function layerOf(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const first = rel.split(path.sep)[0];
  return LAYERS.includes(first) ? first : undefined;
}

export function allowed(from, to) {
  if (from === to) return true;
  if ((FORBIDDEN[from] ?? []).includes(to)) return false;
  return LAYERS.indexOf(to) < LAYERS.indexOf(from);
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must point down the layer order of ARCHITECTURE.md' },
    messages: {
      upward:
        "layer '{{from}}' may not import from layer '{{to}}' ({{spec}}); allowed: {{allowedList}}",
      builtin: "layer 'compiler' is pure and may not import Node built-in '{{spec}}'",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcRoot = path.resolve(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (!from) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (from === 'compiler' && spec.startsWith('node:')) {
        context.report({ node, messageId: 'builtin', data: { spec } });
        return;
      }
      if (!spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), spec), srcRoot);
      if (!to || allowed(from, to)) return;
      const allowedList = LAYERS.filter((l) => l !== from && allowed(from, l)).join(', ') || 'none';
      context.report({ node, messageId: 'upward', data: { from, to, spec, allowedList } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
