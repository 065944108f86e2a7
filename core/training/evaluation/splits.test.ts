import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import type { Target } from '../types.js';
import { stratifiedKFold, trainValidationTestSplit } from './splits.js';

function classification(counts: number[], classes = counts.map((_, label) => `class ${label}`)): Target {
  // Classes interleaved, so a split that ignored labels would still look plausible by position.
  const values: number[] = [];
  const left = [...counts];
  while (left.some((count) => count > 0)) {
    left.forEach((count, label) => {
      if (count === 0) return;
      values.push(label);
      left[label]--;
    });
  }
  return { task: counts.length > 2 ? 'multiclass' : 'binary', values: Float64Array.from(values), classes };
}

const regression = (rows: number): Target => ({ task: 'regression', values: Float64Array.from({ length: rows }, (_, row) => row * 0.5), classes: [] });

function countByClass(target: Target, rows: Uint32Array): number[] {
  const counts = target.classes.map(() => 0);
  for (const row of rows) counts[target.values[row]]++;
  return counts;
}

function expectPartition(parts: Uint32Array[], rows: number): void {
  const seen = new Uint8Array(rows);
  for (const part of parts) {
    for (let index = 0; index < part.length; index++) {
      if (index > 0) expect(part[index]).toBeGreaterThan(part[index - 1]);
      seen[part[index]]++;
    }
  }
  expect(seen.every((count) => count === 1)).toBe(true);
}

describe('train/validation/test split', () => {
  it('defaults to 70/15/15, keeps each class in proportion, and covers every row once', () => {
    const target = classification([700, 200, 100]);
    const split = trainValidationTestSplit(target, { seed: 7 });
    expectPartition([split.train, split.validation, split.test], 1000);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([700, 150, 150]);
    expect(countByClass(target, split.test)).toEqual([105, 30, 15]);
    expect(countByClass(target, split.validation)).toEqual([105, 30, 15]);
    expect(countByClass(target, split.train)).toEqual([490, 140, 70]);
  });

  it('is the same for the same seed and different for another', () => {
    const target = classification([300, 120]);
    const first = trainValidationTestSplit(target, { seed: 42 });
    const again = trainValidationTestSplit(target, { seed: 42 });
    const other = trainValidationTestSplit(target, { seed: 43 });
    expect(again).toEqual(first);
    expect(Array.from(other.test)).not.toEqual(Array.from(first.test));
  });

  it('rounds per class without losing rows, and gives a small class a row in every split', () => {
    const target = classification([50, 3, 7]);
    const split = trainValidationTestSplit(target, { seed: 1 });
    expectPartition([split.train, split.validation, split.test], 60);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([42, 9, 9]);
    for (const part of [split.train, split.validation, split.test]) {
      expect(countByClass(target, part).every((count) => count >= 1)).toBe(true);
    }
  });

  it('skips a declared class that has no rows', () => {
    const target = classification([20, 10, 0], ['a', 'b', 'unused']);
    const split = trainValidationTestSplit(target, { seed: 2 });
    expectPartition([split.train, split.validation, split.test], 30);
    expect(countByClass(target, split.test)).toEqual([3, 1, 0]);
    expect(stratifiedKFold(target, { folds: 3 }).map((fold) => countByClass(target, fold.validation)[2])).toEqual([0, 0, 0]);
  });

  it('honours custom fractions, including an empty validation split', () => {
    const target = classification([80, 20]);
    const split = trainValidationTestSplit(target, { fractions: { train: 0.8, validation: 0, test: 0.2 }, seed: 3 });
    expect(split.validation.length).toBe(0);
    expect(countByClass(target, split.test)).toEqual([16, 4]);
    expect(countByClass(target, split.train)).toEqual([64, 16]);
  });

  it('shuffles regression rows without stratifying', () => {
    const split = trainValidationTestSplit(regression(101), { seed: 5 });
    expectPartition([split.train, split.validation, split.test], 101);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([71, 15, 15]);
    expect(Array.from(split.test)).not.toEqual(Array.from({ length: 15 }, (_, index) => 86 + index));
  });

  it('refuses a class too small to appear in every split, naming it', () => {
    const target = classification([40, 2], ['stayed', 'churned']);
    expect(() => trainValidationTestSplit(target)).toThrow(ValidationError);
    expect(() => trainValidationTestSplit(target)).toThrow(/Class "churned" has 2 rows; .* needs at least 3 rows of every class/);
  });

  it('refuses a target whose training split would hold one class, naming it', () => {
    const target: Target = { task: 'binary', values: new Float64Array(30), classes: ['no', 'yes'] };
    expect(() => trainValidationTestSplit(target)).toThrow(/The training split has only one class \("no"\)/);
  });

  it('refuses fractions that do not add up', () => {
    expect(() => trainValidationTestSplit(classification([10, 10]), { fractions: { train: 0.7, validation: 0.2, test: 0.2 } })).toThrow(
      /sum to 1/,
    );
  });
});

describe('stratified k-fold', () => {
  it('validation folds partition the rows, each class spread evenly, sizes within one', () => {
    const target = classification([53, 31, 16]);
    const folds = stratifiedKFold(target, { folds: 5, seed: 11 });
    expect(folds).toHaveLength(5);
    expectPartition(folds.map((fold) => fold.validation), 100);
    for (const fold of folds) {
      expectPartition([fold.train, fold.validation], 100);
      expect(fold.validation.length).toBe(20);
      const counts = countByClass(target, fold.validation);
      [53, 31, 16].forEach((total, label) => {
        expect(Math.abs(counts[label] - total / 5)).toBeLessThan(1);
      });
    }
    expect(stratifiedKFold(target, { folds: 5, seed: 11 })).toEqual(folds);
  });

  it('shuffles regression rows into folds', () => {
    const folds = stratifiedKFold(regression(23), { folds: 4, seed: 2 });
    expectPartition(folds.map((fold) => fold.validation), 23);
    expect(folds.map((fold) => fold.validation.length)).toEqual([6, 6, 6, 5]);
  });

  it('refuses a class with fewer rows than folds, naming it', () => {
    expect(() => stratifiedKFold(classification([30, 4], ['ok', 'fraud']), { folds: 5 })).toThrow(/Class "fraud" has 4 rows/);
    expect(() => stratifiedKFold(classification([30, 30]), { folds: 1 })).toThrow(/at least 2/);
  });
});
