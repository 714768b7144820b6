// Each external package belongs to one part of src/, so that swapping a dependency touches
// one folder (docs/development.md, "Layers").
import { importVisitors, srcPath, srcRootOf } from './module-paths.js';

/**
 * Package (or `@scope/*`) → the folders under src/ that may import it. An exact name wins
 * over its scope; packages not listed are free for all.
 */
export const PACKAGE_OWNERS = new Map([
  ['@lancedb/lancedb', ['engine/lance']],
  ['apache-arrow', ['engine/lance']],
  ['@aws-sdk/*', ['storage']],
  ['@smithy/*', ['storage']],
  ['@aws-sdk/client-secrets-manager', ['server']],
  ['@cedar-policy/*', ['policy']],
  ['fastify', ['server']],
  ['@fastify/*', ['server']],
  ['@modelcontextprotocol/sdk', ['server']],
  ['commander', ['cli']],
  ['pino', ['server', 'cli']],
]);

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The folders that may import `pkg`, or undefined when it is unrestricted. */
function ownersOf(pkg) {
  const scope = pkg.startsWith('@') ? `${pkg.split('/')[0]}/*` : undefined;
  return PACKAGE_OWNERS.get(pkg) ?? (scope && PACKAGE_OWNERS.get(scope));
}

/** @type {import('eslint').Rule.RuleModule} */
export const packageOwnerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'external packages are imported only by the folder that owns them' },
    messages: {
      foreign:
        "package '{{pkg}}' belongs to {{owners}}; layer '{{layer}}' ({{folder}}) may not import it",
    },
    schema: [],
  },
  create(context) {
    const file = srcPath(context.filename, srcRootOf(context));
    if (!file) return {};
    const folder = file.slice(0, file.lastIndexOf('/') + 1);
    return importVisitors((node, spec) => {
      if (spec.startsWith('.') || spec.startsWith('/')) return;
      const pkg = packageName(spec);
      const owners = ownersOf(pkg);
      if (!owners || owners.some((owner) => folder.startsWith(`${owner}/`))) return;
      const data = {
        pkg,
        owners: owners.map((owner) => `src/${owner}/`).join(' and '),
        layer: file.split('/')[0],
        folder: `src/${folder}`,
      };
      context.report({ node, messageId: 'foreign', data });
    });
  },
};
