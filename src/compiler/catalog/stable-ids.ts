/** Hands out fresh stable ids from a monotonic counter. */
export class IdCounter {
  #next: number;

  constructor(next: number) {
    this.#next = next;
  }

  /** A new id, never handed out before by this catalog lineage. */
  fresh(): number {
    const id = this.#next;
    this.#next += 1;
    return id;
  }

  /** The next id that {@link fresh} would return. */
  get next(): number {
    return this.#next;
  }
}

/** A declared entity looking for its identity in the previous catalog. */
export interface IdClaim {
  readonly name: string;
  readonly renameFrom: string | null;
}

/**
 * Gives each claim a stable id: the id of the previous entity with the same name, else of the one
 * its `@rename_from` names, else a fresh id. Exact names win first, so `@rename_from("A")` next to
 * a still-declared `A` gets a fresh id rather than stealing `A`'s; each previous id goes to at
 * most one claim.
 */
export function withStableIds<T extends IdClaim>(
  claims: readonly T[],
  previous: readonly { readonly id: number; readonly name: string }[],
  counter: IdCounter,
): (T & { readonly id: number })[] {
  const unclaimed = new Map(previous.map((entity) => [entity.name, entity.id]));
  const byName = claims.map((claim) => takeId(unclaimed, claim.name));
  const byRename = claims.map((claim, i) =>
    byName[i] === undefined && claim.renameFrom !== null
      ? takeId(unclaimed, claim.renameFrom)
      : undefined,
  );
  return claims.map((claim, i) => ({ id: byName[i] ?? byRename[i] ?? counter.fresh(), ...claim }));
}

function takeId(unclaimed: Map<string, number>, name: string): number | undefined {
  const id = unclaimed.get(name);
  unclaimed.delete(name);
  return id;
}
