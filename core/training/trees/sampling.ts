// Seeded row sampling for the tree learners: the early-stopping validation split, per-round row
// subsamples, and forest bootstraps.
import type { Target } from '../types.js';
import { SeededRandom } from './random.js';

/**
 * Holds out `fraction` of the rows for validation, per class for classifiers (stratified, as
 * scikit-learn's train_test_split(stratify=y)). Returns a row order with the training rows first,
 * each part ascending, and the number of training rows.
 */
export function validationSplit(target: Target, fraction: number, random: SeededRandom): { order: Uint32Array; trainRows: number } {
  const rows = target.values.length;
  const groups: number[][] = [];
  if (target.task === 'regression') groups.push(Array.from({ length: rows }, (_, row) => row));
  else {
    for (let k = 0; k < target.classes.length; k++) groups.push([]);
    for (let row = 0; row < rows; row++) groups[target.values[row]].push(row);
  }
  const validation = new Uint8Array(rows);
  for (const group of groups) {
    const held = Uint32Array.from(group);
    random.shuffle(held);
    const count = Math.min(group.length - 1, Math.round(group.length * fraction));
    for (let index = 0; index < count; index++) validation[held[index]] = 1;
  }
  const order = new Uint32Array(rows);
  let trainRows = 0;
  for (let row = 0; row < rows; row++) if (!validation[row]) order[trainRows++] = row;
  let next = trainRows;
  for (let row = 0; row < rows; row++) if (validation[row]) order[next++] = row;
  return { order, trainRows };
}

/** `count` of positions 0..rows drawn without replacement, ascending, into `into`. */
export function subsampleRows(rows: number, count: number, random: SeededRandom, into: Uint32Array): void {
  // Selection sampling (Knuth's algorithm S): one pass, already in order.
  let needed = count;
  let written = 0;
  for (let row = 0; row < rows && needed > 0; row++) {
    if (random.next() * (rows - row) < needed) {
      into[written++] = row;
      needed--;
    }
  }
}

/** Bootstrap multiplicities: `rows` draws with replacement; weights[row] = times drawn. */
export function bootstrapWeights(rows: number, random: SeededRandom): Float32Array {
  const weights = new Float32Array(rows);
  for (let draw = 0; draw < rows; draw++) weights[random.nextInt(rows)]++;
  return weights;
}
