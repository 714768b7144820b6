import { pathToFileURL } from 'node:url';
import { messageOf } from '../../util/omni-error.js';
import { parseStoreUri, formatStoreUri } from '../../util/store-uri.js';
import { errorAt, warningAt } from '../diagnostic.js';
import { STORAGE_SHAPE } from './config-shapes.js';
import { checkShape, type CheckContext } from './shape-check.js';

/**
 * The storage root `storage` declares, as a canonical URI (`s3://bucket/prefix` or
 * `file:///abs/path`; a plain path is relative to the config directory). An unusable value is
 * `invalid_storage_root` and yields undefined.
 *
 * Without `storage` the root is the config directory. That default is deprecated, since state
 * and data belong on object storage and a cluster should name where: it is reported as a
 * *warning* with the same code, `invalid_storage_root`, so that every finding about the storage
 * root carries one code and tools tell the two apart by severity.
 */
export function checkStorageRoot(
  context: CheckContext,
  declared: unknown,
  configDir: string,
): string | undefined {
  if (declared === undefined) {
    const root = pathToFileURL(configDir).href;
    const message = `'storage' is not set, so the cluster stores its state and graphs in the config directory (${root}); this default is deprecated: set 'storage' to an s3://bucket/prefix or file:// root`;
    context.diagnostics.push(warningAt('invalid_storage_root', context.yaml.at([]), message));
    return root;
  }
  const uri = checkShape(context, STORAGE_SHAPE, ['storage'], { code: 'invalid_storage_root' });
  if (uri === undefined) return undefined;
  const root = storageRoot(uri, configDir);
  if (root.ok) return root.uri;
  context.diagnostics.push(
    errorAt('invalid_storage_root', context.yaml.at(['storage']), root.problem),
  );
  return undefined;
}

function storageRoot(
  uri: string,
  configDir: string,
): { readonly ok: true; readonly uri: string } | { readonly ok: false; readonly problem: string } {
  try {
    const location = parseStoreUri(uri, configDir);
    if (location.kind !== 'memory') return { ok: true, uri: formatStoreUri(location) };
    const problem = `invalid storage root '${uri}': a cluster stores on s3:// or the local disk (file:// or a path), not in memory`;
    return { ok: false, problem };
  } catch (error) {
    return { ok: false, problem: `invalid storage root: ${messageOf(error)}` };
  }
}
