import type { S3Settings } from '../../api/settings.js';
import { readJsonIfExists } from '../../storage/json-object.js';
import { OmniError } from '../../util/omni-error.js';
import { readHead } from './branch-head.js';
import { MAIN_BRANCH } from './branch-name.js';
import { GRAPH_FORMAT_VERSION, GRAPH_MARKER, GraphKeys } from './graph-layout.js';
import { connectGraphRoot, locateGraphRoot, type GraphRoot } from './graph-root.js';

/**
 * Connects to the graph at `uri` after checking it is one this version can use: a marker of a
 * format it knows, and a `main` head (an init that died before publishing has none).
 */
export async function openGraphRoot(
  uri: string,
  options: { readonly cwd: string | undefined; readonly s3: S3Settings },
): Promise<GraphRoot> {
  const location = locateGraphRoot(uri, options);
  const marker = await readJsonIfExists(location.store, GraphKeys.marker, GRAPH_MARKER);
  if (!marker)
    throw new OmniError('not_found', `no graph at ${location.uri} (run 'omnigraph init' first)`, {
      details: { uri: location.uri },
    });
  if (marker.value.format_version > GRAPH_FORMAT_VERSION) {
    throw new OmniError(
      'configuration',
      `graph at ${location.uri} has format ${marker.value.format_version}; upgrade omnigraph first`,
    );
  }
  if (!(await readHead(location.store, MAIN_BRANCH))) {
    throw new OmniError(
      'internal',
      `graph at ${location.uri} has no main branch: its init did not complete`,
    );
  }
  return connectGraphRoot(location);
}
