/**
 * Values several cache entries hold at once (a table version carried over from another shares
 * its arrays): each is counted under the cache budget by one holder only, its owner. When the
 * owner lets go, another holder becomes the owner and counts it from then on.
 */
export class SharedValues<H> {
  readonly #sharing = new Map<object, { owner: H; holders: Set<H> }>();

  /** Records that `holder` holds `value`; the first holder of a value owns it. */
  hold(value: object, holder: H): void {
    let sharing = this.#sharing.get(value);
    if (sharing === undefined)
      this.#sharing.set(value, (sharing = { owner: holder, holders: new Set() }));
    sharing.holders.add(holder);
  }

  /** True when `holder` counts `value`: it owns it, or nobody recorded holding it. */
  counts(value: object, holder: H): boolean {
    const sharing = this.#sharing.get(value);
    return sharing === undefined || sharing.owner === holder;
  }

  /**
   * Records that `holder` let go of `value`. When it owned it and another holder is left, that
   * one owns it now and is returned: its entry must count the value from now on.
   */
  release(value: object, holder: H): H | undefined {
    const sharing = this.#sharing.get(value);
    if (sharing === undefined || !sharing.holders.delete(holder) || sharing.owner !== holder)
      return undefined;
    const [next] = sharing.holders;
    if (next === undefined) this.#sharing.delete(value);
    else sharing.owner = next;
    return next;
  }
}
