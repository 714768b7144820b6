/** Which state {@link Graph.snapshot} describes: a branch head (default `main`) or a commit. */
export interface SnapshotRequest {
  readonly branch?: string;
  readonly snapshot?: string;
}

/** One type's dataset in a snapshot. */
export interface SnapshotDataset {
  readonly entity_kind: 'node' | 'edge';
  readonly type_name: string;
  readonly dataset_path: string;
  readonly published_dataset_version: number;
  /** The Lance branch holding the dataset, or null for Lance's main. */
  readonly native_dataset_branch: string | null;
  readonly entity_count: number;
}

/** What a snapshot pins (`SnapshotOutput`); datasets sorted by type key. */
export interface SnapshotOutput {
  readonly graph_branch: string | null;
  readonly graph_commit_id: string;
  readonly graph_manifest_version: number;
  readonly internal_schema_version: number;
  readonly datasets: readonly SnapshotDataset[];
}
