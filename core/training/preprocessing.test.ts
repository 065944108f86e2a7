import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../datasets/table.js';
import { GraphBuilder, defaultOpsets, encodeModel, makeModel, treeEnsembleOpsets } from '../onnx/builder.js';
import { createSession, dayMs, runPipeline } from '../onnx/session.js';
import { encodeTarget, fitPreprocessor } from './preprocessing.js';

const numeric = (name: string, values: number[]): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const datetime = (name: string, values: number[]): Column => ({ name, type: 'datetime', values: Float64Array.from(values) });
function categorical(name: string, values: (string | null)[]): Column {
  const dictionary = [...new Set(values.filter((value): value is string => value !== null))];
  return { name, type: 'categorical', dictionary, codes: Int32Array.from(values, (value) => (value === null ? -1 : dictionary.indexOf(value))) };
}
const tableOf = (...columns: Column[]): Table => ({ rowCount: 'codes' in columns[0] ? columns[0].codes.length : columns[0].values.length, columns });
const rows = (...indices: number[]) => Int32Array.from(indices);

describe('fitPreprocessor', () => {
  it('learns means and scales from the training rows only', () => {
    const table = tableOf(numeric('spend', [1, 2, 3, 1000]));
    const preprocessor = fitPreprocessor(table, ['spend'], rows(0, 1, 2));
    const [feature] = preprocessor.spec.numeric;
    expect(feature.fill).toBe(2); // not 251.5, the mean over all four rows
    expect(feature.offset).toBe(2);
    expect(feature.scale).toBe(Math.fround(1 / Math.sqrt(2 / 3)));
    const matrix = preprocessor.transform(table);
    expect(matrix.values[0]).toBeCloseTo(-Math.sqrt(1.5), 6);
    expect(matrix.values[3]).toBeCloseTo(998 / Math.sqrt(2 / 3), 2);
  });

  it('imputes NaN with the training mean, median or most frequent value', () => {
    const table = tableOf(numeric('x', [1, 1, 4, 10, NaN, 50]));
    const train = rows(0, 1, 2, 3, 4);
    const fill = (imputation: 'mean' | 'median' | 'most_frequent') =>
      fitPreprocessor(table, ['x'], train, { imputation, scale: false }).transform(table, rows(4)).values[0];
    expect(fill('mean')).toBe(4);
    expect(fill('median')).toBe(2.5);
    expect(fill('most_frequent')).toBe(1);
    // The scaler is fitted after imputation, as in a scikit-learn Pipeline: NaN becomes mean → 0.
    expect(fitPreprocessor(table, ['x'], train).transform(table, rows(4)).values[0]).toBe(0);
  });

  it('one-hot encodes training categories; unseen and missing ones give all zeros', () => {
    const table = tableOf(categorical('region', ['north', 'south', 'north', 'east', null, 'west']));
    const preprocessor = fitPreprocessor(table, ['region'], rows(0, 1, 2));
    expect(preprocessor.featureNames).toEqual(['region=north', 'region=south']);
    const matrix = preprocessor.transform(table);
    expect(Array.from(matrix.values)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('caps the categories per column, keeping the most frequent and warning', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c', 'd'];
    const table = tableOf(categorical('code', values));
    const preprocessor = fitPreprocessor(table, ['code'], rows(...values.keys()), { maxCategories: 2 });
    expect(preprocessor.featureNames).toEqual(['code=a', 'code=c']);
    expect(preprocessor.warnings).toEqual([expect.stringMatching(/"code" has 4 categories, more than the cap of 2: the 2 rarest \(3 training rows\) are grouped as unknown/)]);
    expect(Array.from(preprocessor.transform(table, rows(3)).values)).toEqual([0, 0]);
  });

  it('drops a column missing in every training row, and skips free text, with warnings', () => {
    const text: Column = { name: 'comment', type: 'text', dictionary: ['hi'], codes: Int32Array.from([0, 0, 0]) };
    const table = tableOf(numeric('x', [1, 2, 3]), numeric('empty', [NaN, NaN, 7]), categorical('nothing', [null, null, 'z']), text);
    const preprocessor = fitPreprocessor(table, ['x', 'empty', 'nothing', 'comment'], rows(0, 1));
    expect(preprocessor.featureNames).toEqual(['x']);
    expect(preprocessor.warnings).toEqual([
      expect.stringMatching(/"empty" has no values in the training rows; dropped/),
      expect.stringMatching(/"nothing" has no values in the training rows; dropped/),
      expect.stringMatching(/"comment" is free text/),
    ]);
    expect(() => fitPreprocessor(table, ['empty'], rows(0, 1))).toThrow(/no usable feature columns/);
    expect(() => fitPreprocessor(table, ['nope'], rows(0))).toThrow(/feature column "nope" is not in the data set/);
    expect(() => fitPreprocessor(table, ['x', 'x'], rows(0))).toThrow(/"x" is listed twice/);
  });

  it('turns datetimes into ages in days before a reference time stored in the preprocessor', () => {
    const end = Date.UTC(2024, 5, 30);
    const table = tableOf(datetime('signup', [end - 10 * dayMs, end - 0.5 * dayMs, end - 2.5 * dayMs, end + 4 * dayMs, NaN]));
    const preprocessor = fitPreprocessor(table, ['signup'], rows(0, 1, 2), { scale: false });
    expect(preprocessor.spec.referenceDays).toBe(end / dayMs); // the midnight after the latest training time
    expect(Array.from(preprocessor.transform(table).values)).toEqual([10, 0.5, 2.5, -4, 13 / 3].map(Math.fround));
    const fixed = fitPreprocessor(table, ['signup'], rows(0, 1, 2), { scale: false, referenceTime: end + 30 * dayMs });
    expect(fixed.transform(table, rows(1)).values[0]).toBe(30.5);
    expect(fixed.inputs).toEqual([{ name: 'signup', type: 'float', column: 'datetime', encoding: 'epoch_days' }]);
  });

  it('leaves NaN and scale alone for trees', () => {
    const table = tableOf(numeric('x', [1, NaN, 300]));
    const matrix = fitPreprocessor(table, ['x'], rows(0, 1, 2), { forTrees: true }).transform(table);
    expect(Array.from(matrix.values)).toEqual([1, NaN, 300]);
  });

  it('keeps a constant column at scale 1 instead of dividing by zero', () => {
    const table = tableOf(numeric('x', [5, 5, 5, 6]));
    const preprocessor = fitPreprocessor(table, ['x'], rows(0, 1, 2));
    expect(preprocessor.spec.numeric[0].scale).toBe(1);
    expect(Array.from(preprocessor.transform(table).values)).toEqual([0, 0, 0, 1]);
  });

  it('produces the same float32 features as its ONNX graph, bit for bit', async () => {
    const end = Date.UTC(2024, 5, 30, 13, 17, 5);
    const table = tableOf(
      numeric('spend', [12.34, NaN, 0.1, -0, 1e7, 3.3333333, 41.5]),
      { name: 'active', type: 'boolean', values: Float64Array.from([1, 0, NaN, 1, 0, 1, 1]) },
      datetime('seen', [end, end - 1234567890, NaN, end - 86_399_999, end - 3 * dayMs, Date.UTC(2001, 0, 1), end - 1]),
      categorical('region', ['north', 'south', 'mars', null, 'north', 'east', 'south']),
    );
    for (const forTrees of [false, true]) {
      const preprocessor = fitPreprocessor(table, ['spend', 'active', 'seen', 'region'], rows(0, 1, 3, 4, 5, 6), { forTrees });
      const expected = preprocessor.transform(table);
      // Tree models may export with ai.onnx.ml 5 (TreeEnsemble); the preprocessing must load there too.
      for (const opsets of [defaultOpsets, treeEnsembleOpsets]) {
        const graph = new GraphBuilder();
        const features = preprocessor.appendOnnx(graph);
        graph.addOutput(features, 'float', ['N', preprocessor.featureNames.length]);
        const session = await createSession(encodeModel(makeModel(graph.toGraph(), { opsets })));
        const outputs = await runPipeline(session, table);
        expect(outputs[features].dims).toEqual([7, expected.width]);
        expect(Array.from(outputs[features].data as Float32Array)).toEqual(Array.from(expected.values));
      }
    }
  });
});

describe('encodeTarget', () => {
  it('label-encodes text classes in sorted order and encodes other splits against them', () => {
    const column = categorical('plan', ['pro', 'basic', 'team', 'basic', null, 'enterprise']);
    const train = encodeTarget(column, rows(0, 1, 2, 3));
    expect(train).toEqual({ task: 'multiclass', classes: ['basic', 'pro', 'team'], values: Float64Array.from([1, 0, 2, 0]) });
    const test = encodeTarget(column, rows(4, 5, 0), { classes: train.classes });
    expect(Array.from(test.values)).toEqual([NaN, NaN, 1]);
  });

  it('treats a 0/1 column as binary and other numbers as regression', () => {
    expect(encodeTarget(numeric('churned', [0, 1, 1, 0]), rows(0, 1, 2, 3))).toMatchObject({ task: 'binary', classes: ['0', '1'] });
    expect(encodeTarget(numeric('spend', [0.5, 1, 2]), rows(0, 1, 2))).toMatchObject({ task: 'regression', classes: [] });
    expect(encodeTarget(numeric('stars', [1, 5, 3, 10]), rows(0, 1, 2, 3), { task: 'multiclass' })).toMatchObject({ task: 'multiclass', classes: ['1', '3', '5', '10'] });
  });

  it('refuses a training split with one class', () => {
    expect(() => encodeTarget(categorical('y', ['a', 'a', 'b']), rows(0, 1))).toThrow(/only one class \(a\) in the training split/);
  });
});
