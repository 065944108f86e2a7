// Small seeded problems for the MLP tests: ones a linear model cannot solve (XOR quadrants),
// three Gaussian blobs, and a curved regression with a large offset and scale.
import { SeededRandom } from '../evaluation/random.js';
import type { FeatureMatrix, Target } from '../types.js';

export interface Problem {
  matrix: FeatureMatrix;
  target: Target;
}

function uniform(random: SeededRandom): number {
  return (random.nextUint32() / 2 ** 32) * 2 - 1;
}

function normal(random: SeededRandom): number {
  const u = (random.nextUint32() + 1) / (2 ** 32 + 1);
  const v = random.nextUint32() / 2 ** 32;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function problem(rows: number, width: number, fill: (row: Float32Array) => number, task: Target['task'], classes: string[]): Problem {
  const values = new Float32Array(rows * width);
  const targets = new Float64Array(rows);
  for (let row = 0; row < rows; row++) targets[row] = fill(values.subarray(row * width, (row + 1) * width));
  const names = Array.from({ length: width }, (_, index) => `x${index}`);
  return { matrix: { rows, width, values, names }, target: { task, values: targets, classes } };
}

/** Class 1 where x0 and x1 have opposite signs; x2 is noise. */
export function xor(rows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  return problem(
    rows,
    3,
    (row) => {
      for (let j = 0; j < 3; j++) row[j] = uniform(random) * 1.7;
      return row[0] > 0 !== row[1] > 0 ? 1 : 0;
    },
    'binary',
    ['0', '1'],
  );
}

/** Three round clusters in two dimensions, centres two standard deviations apart or more. */
export function blobs(rows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  const centres = [
    [-2, 0],
    [2, 0],
    [0, 2.5],
  ];
  return problem(
    rows,
    2,
    (row) => {
      const label = random.nextBelow(3);
      row[0] = centres[label][0] + 0.7 * normal(random);
      row[1] = centres[label][1] + 0.7 * normal(random);
      return label;
    },
    'multiclass',
    ['east', 'north', 'west'],
  );
}

/** y = 5000 + 300·x0 − 200·x1² + noise: large offset and scale, and a curve. */
export function curve(rows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  return problem(
    rows,
    2,
    (row) => {
      row[0] = uniform(random) * 1.7;
      row[1] = uniform(random) * 1.7;
      return 5000 + 300 * row[0] - 200 * row[1] * row[1] + 5 * normal(random);
    },
    'regression',
    [],
  );
}

/** Rows [start, end) of a problem, sharing memory. */
export function rowsOf({ matrix, target }: Problem, start: number, end: number): Problem {
  return {
    matrix: { ...matrix, rows: end - start, values: matrix.values.subarray(start * matrix.width, end * matrix.width) },
    target: { ...target, values: target.values.subarray(start, end) },
  };
}
