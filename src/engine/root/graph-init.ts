import type { S3Settings } from '../../api/settings.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { compileSchema } from '../../compiler/schema/compile-schema.js';
import { writeJson } from '../../storage/json-object.js';
import { PutModes } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { newUlid } from '../../util/ulid.js';
import { createHead } from './branch-head.js';
import { MAIN_BRANCH } from './branch-name.js';
import {
  nowMicros,
  writeCommitRecord,
  type CommitRecord,
  type ManifestEntry,
} from './commit-record.js';
import { GRAPH_FORMAT_VERSION, GraphKeys, TABLES_DIR, type GraphMarker } from './graph-layout.js';
import {
  connectGraphRoot,
  locateGraphRoot,
  type GraphLocation,
  type GraphRoot,
} from './graph-root.js';
import { writeAcceptedSchema } from './schema-store.js';
import { tableNameFor } from './table-naming.js';

/** Where and how {@link initGraph} creates a graph. */
export interface InitRequest {
  readonly cwd: string | undefined;
  readonly s3: S3Settings;
  readonly actor: string | null;
  readonly schemaFile: string | undefined;
}

/**
 * Creates a graph at `uri` from `.pg` source: claims the root with a create-only marker (a root
 * holding a graph or any of its artifacts is refused with `already_initialized`), creates one
 * empty table per type and publishes a parentless genesis commit on `main`.
 */
export async function initGraph(
  uri: string,
  schemaSource: string,
  request: InitRequest,
): Promise<GraphRoot> {
  const catalog = compileSchema(
    schemaSource,
    request.schemaFile === undefined ? {} : { file: request.schemaFile },
  );
  const location = locateGraphRoot(uri, { cwd: request.cwd, s3: request.s3 });
  // Checked through the store, before Lance connects (which creates the tables directory).
  for (const prefix of [GraphKeys.metaPrefix, `${TABLES_DIR}/`]) {
    const existing = await location.store.list(prefix, { maxKeys: 1 });
    if (existing.objects.length > 0) throw alreadyInitialized(location.uri);
  }
  try {
    const marker: GraphMarker = { format_version: GRAPH_FORMAT_VERSION, created_at: nowMicros() };
    await writeJson(location.store, GraphKeys.marker, marker, PutModes.create);
  } catch (error) {
    if (error instanceof OmniError && error.code === 'precondition_failed')
      throw alreadyInitialized(location.uri);
    throw error;
  }
  const root = await connectOrWithdraw(location);
  const schema = await writeAcceptedSchema(root.store, schemaSource, catalog);
  const tables: Record<string, ManifestEntry> = {};
  for (const type of [...catalog.nodeTypes, ...catalog.edgeTypes]) {
    const name = tableNameFor(type);
    const pin = await root.tables.createTable(name, type.columns);
    tables[typeKey(type)] = { table: name, branch: pin.branch, version: pin.version, rowCount: 0 };
  }
  const genesis: CommitRecord = {
    graph_commit_id: newUlid(),
    graph_branch: MAIN_BRANCH,
    graph_manifest_version: 1,
    parent_commit_id: null,
    merged_parent_commit_id: null,
    actor_id: request.actor,
    created_at: nowMicros(),
    operation: 'init',
    manifest: { schemaId: schema.id, tables },
  };
  await writeCommitRecord(root.store, genesis);
  await createHead(root.store, {
    branch: MAIN_BRANCH,
    incarnation: newUlid(),
    lanceBranch: MAIN_BRANCH,
    forkedFrom: null,
    commitId: genesis.graph_commit_id,
  });
  return root;
}

/**
 * Connects Lance to a root just claimed. When it cannot connect (an unusable temporary
 * directory, an S3 endpoint Lance cannot reach) nothing but the marker exists yet: it is
 * removed, so the root can be initialized once the cause is fixed.
 */
async function connectOrWithdraw(location: GraphLocation): Promise<GraphRoot> {
  try {
    return await connectGraphRoot(location);
  } catch (error) {
    await location.store.delete(GraphKeys.marker).catch(() => undefined);
    throw error;
  }
}

function alreadyInitialized(uri: string): OmniError {
  return new OmniError(
    'already_initialized',
    `${uri} already holds a graph or graph artifacts; init refuses to overwrite it`,
    { details: { uri } },
  );
}
