/**
 * What to export (`ExportRequest`): a branch head (default `main`) or a snapshot (a commit id),
 * and optionally only some node and edge types by name (empty or absent: all).
 */
export interface ExportRequest {
  readonly branch?: string;
  readonly snapshot?: string;
  readonly type_names?: readonly string[];
}
