// A small seeded random source for the fuzzer: the same seed gives the same programs on every
// machine, so a failure is reproduced from its seed alone.

/** Mixes a seed and a counter into a 32-bit program seed (a variant of splitmix32). */
export function mixSeed(seed, index) {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A seeded random source (mulberry32) with the helpers the generators use. */
export class Random {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p) {
    return this.next() < p;
  }

  /** One item of a non-empty list. */
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One item of a list of `[weight, item]` pairs. */
  weighted(pairs) {
    const total = pairs.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, item] of pairs) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return pairs[pairs.length - 1][1];
  }

  /** `count` items of a list, in random order, without repeats. */
  sample(items, count) {
    const copy = [...items];
    const out = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }

  /** A shuffled copy of a list. */
  shuffle(items) {
    return this.sample(items, items.length);
  }

  /** Runs `fn` with `Math.random` drawing from this source (for libraries that take no seed). */
  asMathRandom(fn) {
    const original = Math.random;
    Math.random = () => this.next();
    try {
      return fn();
    } finally {
      Math.random = original;
    }
  }
}
