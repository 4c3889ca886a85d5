/**
 * Seeded pseudo-random numbers for the demo bank.
 *
 * Everything the simulation invents (ids, merchants, amounts, timing) comes from here so that a
 * seed plus a sequence of step times always replays to the same ledger. Math.random is never
 * used: it would make reloads and tests diverge.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A Plaid-like identifier: 37 characters of base62. */
  id(): string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 37;

/**
 * Derives four independent 32-bit words from a string (cyrb128). Used to seed sfc32, which needs
 * 128 bits of state; a single 32-bit hash would leave most of its state space unused.
 */
function cyrb128(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A generator keyed by any mix of numbers and strings, e.g. `createRng(seed, 'step', itemOrdinal, 7)`.
 * Keying each independent concern separately (one generator per item, per step) means adding a
 * draw in one place never shifts the values drawn in another.
 */
export function createRng(...key: readonly (string | number)[]): Rng {
  let [a, b, c, d] = cyrb128(key.join('\u0000'));

  // sfc32: small, fast, and passes PractRand far beyond what a demo ledger needs.
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 are still correlated with the seed words.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick() from an empty list');
      return item;
    },
    id: () => {
      const codes = new Array<number>(ID_LENGTH);
      for (let i = 0; i < ID_LENGTH; i++) codes[i] = BASE62.charCodeAt(nextUint32() % 62);
      return String.fromCharCode(...codes);
    },
  };
}
