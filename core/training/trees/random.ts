// A small seeded generator of our own (xoshiro128** state, seeded through a splitmix-style hash),
// so the same seed gives the same trees on every platform and thread: Math.random cannot be seeded.

function mix(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  /** `stream` derives independent generators from one seed (e.g. one per tree). */
  constructor(seed: number, stream = 0) {
    this.a = mix(seed ^ Math.imul(stream, 0x27d4eb2d));
    this.b = mix(this.a + 0x632be5ab);
    this.c = mix(this.b ^ 0x1b873593);
    this.d = mix(this.c + stream + 1);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotate(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotate(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, bound), bound ≤ 2^32, without modulo bias. */
  nextInt(bound: number): number {
    if (bound <= 1) return 0;
    const limit = 4294967296 - (4294967296 % bound);
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % bound;
    }
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(values: { length: number; [index: number]: number }): void {
    for (let index = values.length - 1; index > 0; index--) {
      const other = this.nextInt(index + 1);
      const held = values[index];
      values[index] = values[other];
      values[other] = held;
    }
  }
}

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
