/** A variable bound by `match`: a node (binding or traversal endpoint) or an edge (`$w:edge`). */
export interface ScopedVariable {
  readonly kind: 'node' | 'edge';
  readonly typeName: string;
}

/**
 * The variables visible in a `match` block. A `not { }` block gets a child scope: it sees the
 * outer variables, and records which of them it refers to (a negation must refer to one, T9).
 */
export class Scope {
  readonly #parent: Scope | undefined;
  readonly #variables = new Map<string, ScopedVariable>();
  readonly #outerReferences = new Set<string>();

  /** How many `not { }` blocks enclose this scope. */
  readonly depth: number;

  constructor(parent?: Scope) {
    this.#parent = parent;
    this.depth = parent === undefined ? 0 : parent.depth + 1;
  }

  /** The variable `name` from this scope or an enclosing one, noting outer references. */
  lookup(name: string): ScopedVariable | undefined {
    const local = this.#variables.get(name);
    if (local !== undefined || this.#parent === undefined) return local;
    const outer = this.#parent.lookup(name);
    if (outer !== undefined) this.#outerReferences.add(name);
    return outer;
  }

  /** The names of the variables visible here, this scope's first, without noting references. */
  names(): string[] {
    return [...this.#variables.keys(), ...(this.#parent?.names() ?? [])];
  }

  /** Binds `name` in this scope. */
  declare(name: string, variable: ScopedVariable): void {
    this.#variables.set(name, variable);
  }

  /** The enclosing-scope variables this scope has referred to, in first-reference order. */
  get outerReferences(): readonly string[] {
    return [...this.#outerReferences];
  }
}
