import { errorAt } from '../diagnostic.js';
import type { CheckContext } from './shape-check.js';
import type { YamlPath } from './config-yaml.js';

// An id becomes one dot-separated part of a resource address (`graph.<id>`), so it may hold no
// dot, and it names a directory under the storage root (`graphs/<id>.omni`).
const RESOURCE_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks the key at `path` (the last step: a graph, policy or embedding provider name) against
 * the id rule: an ASCII letter or `_`, then letters, digits, `_` or `-`. Reports
 * `invalid_resource_id` at the key and returns false when it breaks it.
 */
export function checkResourceId(context: CheckContext, path: YamlPath, what: string): boolean {
  const id = String(path[path.length - 1]);
  if (RESOURCE_ID.test(id)) return true;
  const message = `${what} '${id}' is not a valid id: it must start with an ASCII letter or '_' and hold only letters, digits, '_' and '-'`;
  context.diagnostics.push(errorAt('invalid_resource_id', context.yaml.keyAt(path), message));
  return false;
}
