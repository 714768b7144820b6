/**
 * One edge a write changed, as a topology sees it: appended, or removed (by its endpoints, see
 * `WrittenVersion.removedEdges`). The endpoints are as written: anything but two strings makes
 * the version unfit to carry over.
 */
export interface EdgeChange {
  readonly removed: boolean;
  readonly src: unknown;
  readonly dst: unknown;
}
