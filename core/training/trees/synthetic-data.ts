// Seeded synthetic tables in the spirit of scikit-learn's make_classification / make_regression,
// written from their documented recipe (Guyon's hypercube clusters), for tests and benchmarks that
// must produce the same rows in every run without calling Python.
import type { FeatureMatrix, Target } from '../types.js';
import { SeededRandom } from './random.js';

export interface ClassificationRecipe {
  rows: number;
  features: number;
  informative: number;
  redundant?: number;
  classes?: number;
  clustersPerClass?: number;
  /** Fraction of labels replaced by a random class (label noise). */
  flip?: number;
  classSeparation?: number;
  /** Fraction of feature values replaced by NaN (missing completely at random). */
  missing?: number;
  seed: number;
}

export interface Dataset {
  matrix: FeatureMatrix;
  target: Target;
}

function uniformMatrix(random: SeededRandom, rows: number, columns: number): Float64Array {
  const values = new Float64Array(rows * columns);
  for (let index = 0; index < values.length; index++) values[index] = 2 * random.next() - 1;
  return values;
}

/**
 * Clusters of normal points around vertices of a hypercube in the informative subspace, each with
 * its own random linear covariance; redundant features are linear mixes of the informative ones;
 * the rest is noise; feature order is shuffled once.
 */
export function makeClassification(recipe: ClassificationRecipe): Dataset {
  const { rows, features, informative, seed } = recipe;
  const redundant = recipe.redundant ?? 2;
  const classes = recipe.classes ?? 2;
  const clustersPerClass = recipe.clustersPerClass ?? 2;
  const flip = recipe.flip ?? 0.01;
  const separation = recipe.classSeparation ?? 1;
  const missing = recipe.missing ?? 0;
  if (informative + redundant > features) throw new Error('informative + redundant features exceed the feature count');
  const random = new SeededRandom(seed);
  const clusters = classes * clustersPerClass;
  if (clusters > 2 ** informative) throw new Error('too many clusters for the informative dimensions');

  // Distinct hypercube vertices (±separation), drawn without replacement.
  const vertices: number[] = [];
  while (vertices.length < clusters) {
    const vertex = random.nextInt(2 ** Math.min(informative, 30));
    if (!vertices.includes(vertex)) vertices.push(vertex);
  }
  const centroids = vertices.map((vertex) => Float64Array.from({ length: informative }, (_, bit) => ((vertex >>> bit) & 1 ? separation : -separation)));
  const covariances = vertices.map(() => uniformMatrix(random, informative, informative));
  const mixing = uniformMatrix(random, informative, redundant);
  const order = Int32Array.from({ length: features }, (_, index) => index);
  random.shuffle(order);

  const values = new Float32Array(rows * features);
  const labels = new Float64Array(rows);
  const latent = new Float64Array(informative);
  const point = new Float64Array(features);
  for (let row = 0; row < rows; row++) {
    const cluster = random.nextInt(clusters);
    for (let index = 0; index < informative; index++) latent[index] = random.normal();
    const covariance = covariances[cluster];
    for (let column = 0; column < informative; column++) {
      let sum = centroids[cluster][column];
      for (let index = 0; index < informative; index++) sum += latent[index] * covariance[index * informative + column];
      point[column] = sum;
    }
    for (let column = 0; column < redundant; column++) {
      let sum = 0;
      for (let index = 0; index < informative; index++) sum += point[index] * mixing[index * redundant + column];
      point[informative + column] = sum;
    }
    for (let column = informative + redundant; column < features; column++) point[column] = random.normal();
    const base = row * features;
    for (let column = 0; column < features; column++) {
      values[base + order[column]] = missing > 0 && random.next() < missing ? Number.NaN : point[column];
    }
    labels[row] = flip > 0 && random.next() < flip ? random.nextInt(classes) : cluster % classes;
  }
  const names = Array.from({ length: features }, (_, index) => `x${index}`);
  return {
    matrix: { rows, width: features, values, names },
    target: { task: classes === 2 ? 'binary' : 'multiclass', values: labels, classes: Array.from({ length: classes }, (_, index) => String(index)) },
  };
}

/** Friedman #1: y = 10 sin(π x0 x1) + 20 (x2 − ½)² + 10 x3 + 5 x4 + noise, x uniform in [0, 1). */
export function makeFriedman(recipe: { rows: number; features: number; noise: number; seed: number }): Dataset {
  const { rows, features, noise, seed } = recipe;
  if (features < 5) throw new Error('Friedman #1 needs at least 5 features');
  const random = new SeededRandom(seed);
  const values = new Float32Array(rows * features);
  const targets = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * features;
    for (let column = 0; column < features; column++) values[base + column] = random.next();
    const x = (column: number) => values[base + column];
    targets[row] = 10 * Math.sin(Math.PI * x(0) * x(1)) + 20 * (x(2) - 0.5) ** 2 + 10 * x(3) + 5 * x(4) + noise * random.normal();
  }
  return {
    matrix: { rows, width: features, values, names: Array.from({ length: features }, (_, index) => `x${index}`) },
    target: { task: 'regression', values: targets, classes: [] },
  };
}

/** Splits rows into a leading train part and a trailing test part (rows are already in random order). */
export function splitRows(dataset: Dataset, trainRows: number): { train: Dataset; test: Dataset } {
  const { matrix, target } = dataset;
  const part = (start: number, end: number): Dataset => ({
    matrix: { rows: end - start, width: matrix.width, values: matrix.values.slice(start * matrix.width, end * matrix.width), names: matrix.names },
    target: { ...target, values: target.values.slice(start, end) },
  });
  return { train: part(0, trainRows), test: part(trainRows, matrix.rows) };
}
