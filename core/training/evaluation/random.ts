// A small seeded generator for splits and permutations. Math.random cannot be seeded, and the
// tracker promises that the same seed and data give the same metrics on every machine, so the
// sequence must be defined here: xoshiro128** (Blackman & Vigna) with its state filled by
// splitmix32, which turns any 32-bit seed (0 included) into a well-mixed non-zero state.

export class SeededRandom {
  private readonly state = new Uint32Array(4);

  constructor(seed: number) {
    let mix = seed >>> 0;
    for (let index = 0; index < 4; index++) {
      mix = (mix + 0x9e3779b9) >>> 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.state[index] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** Uniform over 0 .. 2^32 − 1. */
  nextUint32(): number {
    const s = this.state;
    const result = Math.imul(rotateLeft(Math.imul(s[1], 5), 7), 9) >>> 0;
    const shifted = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= shifted;
    s[3] = rotateLeft(s[3], 11);
    return result;
  }

  /** Uniform over 0 .. bound − 1 (bound ≤ 2^32), without modulo bias. */
  nextBelow(bound: number): number {
    const range = 0x1_0000_0000;
    const limit = range - (range % bound);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return draw % bound;
  }
}

/** Fisher–Yates in place. */
export function shuffleInPlace(values: Uint32Array, random: SeededRandom): void {
  for (let index = values.length - 1; index > 0; index--) {
    const other = random.nextBelow(index + 1);
    const kept = values[index];
    values[index] = values[other];
    values[other] = kept;
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
