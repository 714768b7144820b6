/**
 * A seeded pseudo-random generator (mulberry32). Every fuzz input draws from its own generator,
 * derived from the campaign seed and the input's position, so any input can be regenerated alone.
 */
export class Rng {
  #state: number;

  private constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A generator for a position: the parts are hashed, so (1, 2) and (12) differ. */
  static of(...parts: readonly (number | string)[]): Rng {
    let hash = 0x811c9dc5;
    for (const char of parts.join('\u0000')) {
      hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
    }
    return new Rng(hash);
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One of the values, each with its weight's share of the probability. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.float() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (choices.at(-1) as readonly [number, T])[1];
  }

  /** Up to `max` distinct items, in their original order. */
  subset<T>(items: readonly T[], max = items.length): T[] {
    const chosen = items.filter(() => this.chance(0.5));
    while (chosen.length > max) chosen.splice(this.int(0, chosen.length - 1), 1);
    return chosen;
  }
}
