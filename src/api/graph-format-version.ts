/**
 * Version of a graph's layout and record formats (`internal_schema_version` in snapshots,
 * `internal-schema` in `omnigraph version`): a graph written by a newer format is refused.
 * Here, with no imports, so that what prints it loads nothing else.
 */
export const GRAPH_FORMAT_VERSION = 1;
