// Enforces the import direction between the layers of src/ (docs/development.md, "Layers").
// A module may import only from its own layer or from the layers it is allowed to see.
import { importVisitors, srcImportTarget, srcPath, srcRootOf } from './module-paths.js';

/** Layer order, lowest first. A layer may import any layer before it, unless pinned in ONLY. */
export const LAYERS = [
  'util',
  'api',
  'storage',
  'compiler',
  'policy',
  'embedding',
  'engine',
  'cluster',
  'server',
  'client',
  'cli',
];

/** Layers pinned to a fixed list, whatever their place in the order. */
const ONLY = {
  // Wire types depend on nothing but util: the engine implements interfaces defined here.
  api: ['util'],
  // The compiler is pure: no I/O and no wire shapes.
  compiler: ['util'],
  // Providers are HTTP clients over wire types: the engine, the server and `embed` share them.
  embedding: ['util', 'api'],
};

/** The layer of a src-relative path, or undefined when it is in no layer. */
function layerOf(rel) {
  const first = rel?.split('/')[0];
  return LAYERS.includes(first) ? first : undefined;
}

export function allowed(from, to) {
  if (from === to) return true;
  if (ONLY[from]) return ONLY[from].includes(to);
  return LAYERS.indexOf(to) < LAYERS.indexOf(from);
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must point down the layer order of docs/development.md' },
    messages: {
      upward:
        "layer '{{from}}' may not import from layer '{{to}}' ({{spec}}); allowed: {{allowedList}}",
      builtin: "layer 'compiler' is pure and may not import Node built-in '{{spec}}'",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcRoot = srcRootOf(context);
    const from = layerOf(srcPath(file, srcRoot));
    if (!from) return {};
    return importVisitors((node, spec) => {
      if (from === 'compiler' && spec.startsWith('node:')) {
        context.report({ node, messageId: 'builtin', data: { spec } });
        return;
      }
      const to = layerOf(srcImportTarget(file, spec, srcRoot));
      if (!to || allowed(from, to)) return;
      const allowedList = LAYERS.filter((l) => l !== from && allowed(from, l)).join(', ') || 'none';
      context.report({ node, messageId: 'upward', data: { from, to, spec, allowedList } });
    });
  },
};
