import type { SnapshotOutput } from '../../api/snapshot-output.js';
import {
  MAIN_BRANCH,
  normalizeBranchName,
  GRAPH_FORMAT_VERSION,
  datasetPath,
} from '../root/index.js';
import type { ReadTarget } from './read-target.js';
import type { Snapshot } from './snapshot.js';

/** What a snapshot pins, as `SnapshotOutput`: one dataset per type, sorted by type key. */
export function snapshotOutput(snapshot: Snapshot, target: ReadTarget): SnapshotOutput {
  return {
    graph_branch:
      'branch' in target ? normalizeBranchName(target.branch) : snapshot.commit.graph_branch,
    graph_commit_id: snapshot.commit.graph_commit_id,
    graph_manifest_version: snapshot.commit.graph_manifest_version,
    internal_schema_version: GRAPH_FORMAT_VERSION,
    datasets: snapshot.types().map(({ key, type }) => {
      const entry = snapshot.entry(key);
      return {
        entity_kind: type.kind,
        type_name: type.name,
        dataset_path: datasetPath(entry.table),
        published_dataset_version: entry.version,
        native_dataset_branch: entry.branch === MAIN_BRANCH ? null : entry.branch,
        entity_count: entry.rowCount,
      };
    }),
  };
}
