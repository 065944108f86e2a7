// Seeded train/validation/test splits and k-fold, stratified by class for classification so that
// every split sees every class in about the proportions of the whole data. Regression shuffles.
// Row indices come back ascending, so gathering a split walks the matrix forwards.

import { ValidationError } from '../../api/errors.js';
import type { Target } from '../types.js';
import { SeededRandom, shuffleInPlace } from './random.js';

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export const defaultSplitFractions: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

export interface Fold {
  train: Uint32Array;
  validation: Uint32Array;
}

export interface SplitOptions {
  fractions?: SplitFractions;
  seed?: number;
}

export interface KFoldOptions {
  folds?: number;
  seed?: number;
}

/**
 * Stratified (classification) or shuffled (regression) split by fractions. Each class gets at
 * least one row in every split whose fraction is above zero, so a class needs as many rows as
 * there are such splits.
 */
export function trainValidationTestSplit(target: Target, options: SplitOptions = {}): Split {
  const fractions = checkFractions(options.fractions ?? defaultSplitFractions);
  const random = new SeededRandom(options.seed ?? 0);
  const rows = target.values.length;
  if (rows === 0) throw new ValidationError('Cannot split an empty dataset', { rows });
  const totals = largestRemainder([fractions.train * rows, fractions.validation * rows, fractions.test * rows], rows);
  if (totals[0] === 0) throw new ValidationError(`A ${rows}-row dataset leaves no rows for training`, { rows, fractions });

  if (target.task === 'regression') {
    const order = identity(rows);
    shuffleInPlace(order, random);
    return {
      train: sorted(order.subarray(0, totals[0])),
      validation: sorted(order.subarray(totals[0], totals[0] + totals[1])),
      test: sorted(order.subarray(totals[0] + totals[1])),
    };
  }

  const groups = rowsByClass(target);
  const required = [fractions.train, fractions.validation, fractions.test].filter((fraction) => fraction > 0).length;
  requireRowsPerClass(target, groups, required, `a stratified split into ${describeFractions(fractions)}`);
  requireTwoClasses(target, groups);
  for (const group of groups) shuffleInPlace(group, random);

  // Per class and split, an integer count with exact class totals and, as far as the minimum of
  // one row per non-empty split allows, exact split totals. Test is drawn first, then
  // validation; train keeps the rest. Each draw leaves a class one row for every later split.
  const remaining = groups.map((group) => group.length);
  const draw = (split: 'validation' | 'test', total: number, laterSplits: number): number[] => {
    const minimum = fractions[split] > 0 ? 1 : 0;
    const counts = allocateWithBounds(
      groups.map((group) => (group.length * total) / rows),
      total,
      groups.map((group) => (group.length > 0 ? minimum : 0)),
      remaining.map((left) => (left > 0 ? left - laterSplits : 0)),
    );
    counts.forEach((count, label) => (remaining[label] -= count));
    return counts;
  };
  const testCounts = draw('test', totals[2], fractions.validation > 0 ? 2 : 1);
  const validationCounts = draw('validation', totals[1], 1);

  const parts: Split = {
    train: new Uint32Array(remaining.reduce((sum, count) => sum + count, 0)),
    validation: new Uint32Array(validationCounts.reduce((sum, count) => sum + count, 0)),
    test: new Uint32Array(testCounts.reduce((sum, count) => sum + count, 0)),
  };
  const offsets = { train: 0, validation: 0, test: 0 };
  groups.forEach((group, label) => {
    const test = testCounts[label];
    const validation = validationCounts[label];
    parts.test.set(group.subarray(0, test), offsets.test);
    parts.validation.set(group.subarray(test, test + validation), offsets.validation);
    parts.train.set(group.subarray(test + validation), offsets.train);
    offsets.test += test;
    offsets.validation += validation;
    offsets.train += group.length - test - validation;
  });
  return { train: parts.train.sort(), validation: parts.validation.sort(), test: parts.test.sort() };
}

/**
 * k folds whose validation parts partition the rows; stratified for classification (each class
 * is dealt round-robin across the folds, continuing where the previous class stopped, so fold
 * sizes differ by at most one), shuffled for regression.
 */
export function stratifiedKFold(target: Target, options: KFoldOptions = {}): Fold[] {
  const folds = options.folds ?? 5;
  const rows = target.values.length;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new ValidationError(`folds must be an integer of at least 2, got ${folds}`, { folds });
  }
  if (rows < folds) throw new ValidationError(`Cannot make ${folds} folds from ${rows} rows`, { rows, folds });
  const random = new SeededRandom(options.seed ?? 0);
  const foldOf = new Uint32Array(rows);

  if (target.task === 'regression') {
    const order = identity(rows);
    shuffleInPlace(order, random);
    order.forEach((row, position) => (foldOf[row] = position % folds));
  } else {
    const groups = rowsByClass(target);
    requireRowsPerClass(target, groups, folds, `${folds}-fold stratified cross-validation`);
    requireTwoClasses(target, groups);
    let dealt = 0;
    for (const group of groups) {
      shuffleInPlace(group, random);
      for (const row of group) foldOf[row] = dealt++ % folds;
    }
  }

  const sizes = new Uint32Array(folds);
  for (const fold of foldOf) sizes[fold]++;
  return Array.from({ length: folds }, (_, fold) => {
    const validation = new Uint32Array(sizes[fold]);
    const train = new Uint32Array(rows - sizes[fold]);
    let validationAt = 0;
    let trainAt = 0;
    for (let row = 0; row < rows; row++) {
      if (foldOf[row] === fold) validation[validationAt++] = row;
      else train[trainAt++] = row;
    }
    return { train, validation };
  });
}

function checkFractions(fractions: SplitFractions): SplitFractions {
  const values = [fractions.train, fractions.validation, fractions.test];
  const sum = values.reduce((total, value) => total + value, 0);
  if (values.some((value) => !Number.isFinite(value) || value < 0) || fractions.train <= 0 || Math.abs(sum - 1) > 1e-9) {
    throw new ValidationError(
      `Split fractions must be non-negative, with train above zero, and sum to 1; got ${describeFractions(fractions)}`,
      { fractions },
    );
  }
  return fractions;
}

function describeFractions(fractions: SplitFractions): string {
  return `train ${fractions.train} / validation ${fractions.validation} / test ${fractions.test}`;
}

/** Row indices of each class, in row order; classes absent from the data get an empty group. */
function rowsByClass(target: Target): Uint32Array[] {
  const classCount = target.classes.length;
  const sizes = new Uint32Array(classCount);
  target.values.forEach((value, row) => {
    if (!Number.isInteger(value) || value < 0 || value >= classCount) {
      throw new ValidationError(`Row ${row} has class index ${value}, outside 0..${classCount - 1}`, { row, value });
    }
    sizes[value]++;
  });
  const groups = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(classCount);
  target.values.forEach((value, row) => (groups[value][filled[value]++] = row));
  return groups;
}

function requireRowsPerClass(target: Target, groups: Uint32Array[], required: number, purpose: string): void {
  groups.forEach((group, label) => {
    if (group.length > 0 && group.length < required) {
      const rows = `${group.length} row${group.length === 1 ? '' : 's'}`;
      throw new ValidationError(
        `Class "${target.classes[label]}" has ${rows}; ${purpose} needs at least ${required} rows of every class`,
        { class: target.classes[label], rows: group.length, required },
      );
    }
  });
}

/** Every present class reaches the training part, so one present class means one training class. */
function requireTwoClasses(target: Target, groups: Uint32Array[]): void {
  const present = groups.flatMap((group, label) => (group.length > 0 ? [target.classes[label]] : []));
  if (present.length < 2) {
    throw new ValidationError(
      `The training split has only one class ("${present[0]}"); classification needs rows of at least two classes`,
      { class: present[0] },
    );
  }
}

/** Integers summing to `total`: each share's floor, the remainder to the largest fractions. */
function largestRemainder(shares: number[], total: number): number[] {
  return allocateWithBounds(shares, total, shares.map(() => 0), shares.map(() => total));
}

/**
 * Integers near `wanted`, each within [lower, upper], summing to `total` where the bounds allow:
 * the floors first, then single rows handed out by largest fraction (the first round is plain
 * largest remainder; later rounds place rows the bounds displaced), or taken back by smallest.
 */
function allocateWithBounds(wanted: number[], total: number, lower: number[], upper: number[]): number[] {
  const counts = wanted.map((share, index) => Math.min(upper[index], Math.max(lower[index], Math.floor(share))));
  const byFraction = wanted
    .map((share, index) => ({ index, fraction: share - Math.floor(share) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index)
    .map(({ index }) => index);
  let assigned = counts.reduce((sum, count) => sum + count, 0);
  for (let moved = true; assigned < total && moved; ) {
    moved = false;
    for (const index of byFraction) {
      if (assigned === total) break;
      if (counts[index] < upper[index]) {
        counts[index]++;
        assigned++;
        moved = true;
      }
    }
  }
  for (let moved = true; assigned > total && moved; ) {
    moved = false;
    for (const index of byFraction.toReversed()) {
      if (assigned === total) break;
      if (counts[index] > lower[index]) {
        counts[index]--;
        assigned--;
        moved = true;
      }
    }
  }
  return counts;
}

function identity(length: number): Uint32Array {
  const order = new Uint32Array(length);
  for (let index = 0; index < length; index++) order[index] = index;
  return order;
}

function sorted(rows: Uint32Array): Uint32Array {
  return Uint32Array.from(rows).sort();
}
