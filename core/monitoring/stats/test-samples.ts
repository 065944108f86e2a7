// Deterministic samples that scipy-expected.py regenerates bit for bit: a 32-bit LCG and
// decimal values (integers / 100), so TypeScript and Python parse the same doubles.

export interface SampleSpec {
  seed: number;
  size: number;
  /** Added to the integer draw before dividing by 100: moves the distribution. */
  shift: number;
  /** Number of distinct integer levels per draw; small values make ties. */
  levels: number;
  /** Draws summed per value: more draws, more bell-shaped. */
  draws: number;
}

export function generateSample({ seed, size, shift, levels, draws }: SampleSpec): Float64Array {
  let state = seed >>> 0;
  const values = new Float64Array(size);
  for (let index = 0; index < size; index += 1) {
    let sum = 0;
    for (let draw = 0; draw < draws; draw += 1) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      sum += (state >>> 8) % levels;
    }
    values[index] = (sum + shift) / 100;
  }
  return values;
}
