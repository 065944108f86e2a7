import { describe, expect, it } from 'vitest';
import { generateChurnRows, type ChurnRow } from '../../resources/samples/churn/generate.js';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../datasets/table.js';
import { attr, mlDomain, type GraphBuilder } from '../onnx/builder.js';
import { inspectModel, readSchema } from '../onnx/inspect.js';
import { createSession, runPipeline } from '../onnx/session.js';
import { LogisticRegression, RidgeRegression } from './linear.js';
import { checkParity } from './parity.js';
import { exportPipeline, pipelineOutputs, type PipelineSchema } from './pipeline-onnx.js';
import { encodeTarget, fitPreprocessor } from './preprocessing.js';
import type { FeatureMatrix, Predictions, Target, TrainedModel } from './types.js';

/** The churn rows as a Table, the way the dataset importer types them. */
function churnTable(rows: ChurnRow[]): Table {
  const numeric = (name: keyof ChurnRow, type: NumericColumn['type'] = 'numeric'): NumericColumn => ({
    name,
    type,
    values: Float64Array.from(rows, (row) => (type === 'datetime' ? Date.parse(String(row[name])) : Number(row[name]))),
  });
  const categorical = (name: keyof ChurnRow): CategoricalColumn => {
    const dictionary: string[] = [];
    const codes = Int32Array.from(rows, (row) => {
      const value = String(row[name]);
      if (!dictionary.includes(value)) dictionary.push(value);
      return dictionary.indexOf(value);
    });
    return { name, type: 'categorical', dictionary, codes };
  };
  const columns: Column[] = [
    { ...categorical('customer_id'), type: 'text' },
    numeric('event_timestamp', 'datetime'),
    numeric('total_spend'),
    numeric('transaction_count'),
    numeric('avg_transaction_amount'),
    numeric('days_since_last_purchase'),
    numeric('registration_date', 'datetime'),
    categorical('customer_segment'),
    categorical('region'),
    numeric('target'),
  ];
  return { rowCount: rows.length, columns };
}

const column = <Type extends Column>(table: Table, name: string) => table.columns.find((candidate) => candidate.name === name) as Type;
const range = (start: number, end: number) => Int32Array.from({ length: end - start }, (_, index) => start + index);

const table = churnTable(generateChurnRows({ rows: 2000, seed: 1 }));
const trainRows = range(0, 1500);
const testRows = range(1500, 2000);
const features = ['event_timestamp', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'registration_date', 'customer_segment', 'region'];

// Test rows the training never saw: missing numbers and dates, an unseen region, a missing
// segment, ±0, a huge value, and values exactly at the training means (scaled to 0).
(() => {
  const spend = column<NumericColumn>(table, 'total_spend').values;
  const recency = column<NumericColumn>(table, 'days_since_last_purchase').values;
  const registered = column<NumericColumn>(table, 'registration_date').values;
  const region = column<CategoricalColumn>(table, 'region');
  const segment = column<CategoricalColumn>(table, 'customer_segment');
  region.dictionary.push('atlantis');
  for (const row of [1500, 1510, 1520]) spend[row] = NaN;
  for (const row of [1501, 1511]) registered[row] = NaN;
  for (const row of [1502, 1512, 1522]) region.codes[row] = region.dictionary.length - 1;
  for (const row of [1503, 1513]) segment.codes[row] = -1;
  recency[1504] = -0;
  recency[1505] = 0;
  spend[1506] = 1e9;
  let sum = 0;
  for (const row of trainRows) sum += spend[row];
  spend[1507] = Math.fround(sum / trainRows.length);
})();

describe('exported pipelines reproduce in-process predictions', () => {
  it('churn, logistic regression: probabilities within 1e-5, same labels, one input per raw column', async () => {
    const preprocessor = fitPreprocessor(table, features, trainRows);
    const target = encodeTarget(column(table, 'target'), trainRows);
    const model = LogisticRegression.fit(preprocessor.transform(table, trainRows), target);
    const onnx = exportPipeline(preprocessor, model, target, { trainerVersion: '0.1.0' });
    const predictions = model.predict(preprocessor.transform(table, testRows));

    const parity = await checkParity(onnx, table, testRows, predictions);
    expect(parity).toMatchObject({ rows: 500, labelsMatch: true, passed: true });
    expect(parity.maxAbsDifference).toBeLessThan(1e-5);

    const description = inspectModel(onnx);
    expect(description.inputs).toEqual([
      ...features.slice(0, 6).map((name) => ({ name, type: 'float', shape: ['N', 1] })),
      { name: 'customer_segment', type: 'string', shape: ['N', 1] },
      { name: 'region', type: 'string', shape: ['N', 1] },
    ]);
    expect(description.outputs).toEqual([
      { name: 'label', type: 'int64', shape: ['N'] },
      { name: 'probabilities', type: 'float', shape: ['N', 2] },
    ]);
    expect(description).toMatchObject({ irVersion: 8, opsets: { 'ai.onnx': 18, 'ai.onnx.ml': 3 }, producerName: 'ml-workbench', producerVersion: '0.1.0' });
    expect(description.operators).not.toContain('ai.onnx.ml.ZipMap');
    const schema = readSchema<PipelineSchema>(description)!;
    expect(schema).toMatchObject({ task: 'binary', classes: ['0', '1'], labelType: 'int64', referenceDate: '2024-06-30T00:00:00.000Z' });
    expect(schema.inputs.find((input) => input.name === 'registration_date')).toEqual({ name: 'registration_date', type: 'float', column: 'datetime', encoding: 'epoch_days' });
    expect(schema.features).toEqual(preprocessor.featureNames);

    // Same data, same model: byte-identical file.
    expect(Buffer.from(exportPipeline(preprocessor, model, target, { trainerVersion: '0.1.0' })).equals(Buffer.from(onnx))).toBe(true);
  });

  it('multiclass with string labels: softmax probabilities within 1e-5 and string labels', async () => {
    const preprocessor = fitPreprocessor(table, ['total_spend', 'transaction_count', 'avg_transaction_amount', 'registration_date', 'region'], trainRows);
    const target = encodeTarget(column(table, 'customer_segment'), trainRows);
    expect(target.classes).toEqual(['high_value_customers', 'loyal', 'new', 'regular']);
    const model = LogisticRegression.fit(preprocessor.transform(table, trainRows), target);
    const onnx = exportPipeline(preprocessor, model, target);
    const predictions = model.predict(preprocessor.transform(table, testRows));
    const parity = await checkParity(onnx, table, testRows, predictions);
    expect(parity.maxAbsDifference).toBeLessThan(1e-5);
    expect(parity.labelsMatch).toBe(true);

    const session = await createSession(onnx);
    const outputs = await runPipeline(session, table, testRows.subarray(0, 3));
    expect(outputs.label.type).toBe('string');
    expect(outputs.probabilities.dims).toEqual([3, 4]);
  });

  it('regression with ridge: `variable` within 1e-5 of the in-process values, relative to the largest (float32 output)', async () => {
    const preprocessor = fitPreprocessor(table, ['transaction_count', 'avg_transaction_amount', 'customer_segment', 'event_timestamp'], trainRows);
    const target = encodeTarget(column(table, 'total_spend'), trainRows, { task: 'regression' });
    const model = RidgeRegression.fit(preprocessor.transform(table, trainRows), target);
    const onnx = exportPipeline(preprocessor, model, target);
    const predictions = model.predict(preprocessor.transform(table, testRows));
    const parity = await checkParity(onnx, table, testRows, predictions);
    // Predicted spend reaches ~14,000, where float32 itself is only good to ~1e-3.
    expect(parity.passed).toBe(true);
    expect(parity.maxAbsDifference).toBeLessThan(1e-2);
    expect(parity.maxRelativeDifference).toBeLessThan(1e-6);
    expect(inspectModel(onnx).outputs).toEqual([{ name: 'variable', type: 'float', shape: ['N', 1] }]);
  });

  it('takes any model through the OnnxExportable interface: a tree stump on raw (tree) features', async () => {
    const preprocessor = fitPreprocessor(table, ['days_since_last_purchase', 'region'], trainRows, { forTrees: true });
    const target = encodeTarget(column(table, 'target'), trainRows);
    const recency = preprocessor.featureNames.indexOf('days_since_last_purchase');
    // days ≤ 30 or missing → margin −1, else +1.5; base 0.2; LOGISTIC (reference §1.4 GBDT binary).
    const stump: TrainedModel = {
      predict(matrix: FeatureMatrix): Predictions {
        const probabilities = new Float64Array(matrix.rows * 2);
        for (let row = 0; row < matrix.rows; row++) {
          const value = matrix.values[row * matrix.width + recency];
          const p = 1 / (1 + Math.exp(-(0.2 + (Number.isNaN(value) || value <= 30 ? -1 : 1.5))));
          probabilities.set([1 - p, p], row * 2);
        }
        return { probabilities };
      },
      appendOnnx(graph: GraphBuilder, featureTensor: string) {
        graph.addNode('TreeEnsembleClassifier', [featureTensor], [pipelineOutputs.label, pipelineOutputs.probabilities], {
          nodes_treeids: attr.ints([0, 0, 0]),
          nodes_nodeids: attr.ints([0, 1, 2]),
          nodes_featureids: attr.ints([recency, 0, 0]),
          nodes_values: attr.floats([30, 0, 0]),
          nodes_modes: attr.strings(['BRANCH_LEQ', 'LEAF', 'LEAF']),
          nodes_truenodeids: attr.ints([1, 0, 0]),
          nodes_falsenodeids: attr.ints([2, 0, 0]),
          nodes_missing_value_tracks_true: attr.ints([1, 0, 0]),
          class_treeids: attr.ints([0, 0]),
          class_nodeids: attr.ints([1, 2]),
          class_ids: attr.ints([0, 0]),
          class_weights: attr.floats([-1, 1.5]),
          classlabels_int64s: attr.ints([0, 1]),
          base_values: attr.floats([0.2]),
          post_transform: attr.string('LOGISTIC'),
        }, mlDomain);
      },
    };
    const recencyValues = column<NumericColumn>(table, 'days_since_last_purchase').values;
    recencyValues[1508] = 30; // exactly at the threshold: LEQ sends it left
    recencyValues[1509] = NaN; // missing tracks true: left
    recencyValues[1510] = Math.fround(30.000001);
    const onnx = exportPipeline(preprocessor, stump, target);
    expect(inspectModel(onnx).operators).toEqual(['Concat', 'Reshape', 'ai.onnx.ml.OneHotEncoder', 'ai.onnx.ml.TreeEnsembleClassifier']);
    const predictions = stump.predict(preprocessor.transform(table, testRows));
    const parity = await checkParity(onnx, table, testRows, predictions);
    expect(parity.maxAbsDifference).toBeLessThan(1e-6);
    expect(parity.labelsMatch).toBe(true);
    expect(predictions.probabilities![8 * 2 + 1]).toBeCloseTo(1 / (1 + Math.exp(0.8)), 12);
    expect(predictions.probabilities![10 * 2 + 1]).toBeCloseTo(1 / (1 + Math.exp(-1.7)), 12);
  });

  it('refuses a feature column named like a pipeline output', () => {
    const renamed: Table = { ...table, columns: table.columns.map((c) => (c.name === 'total_spend' ? { ...c, name: 'label' } : c)) };
    const preprocessor = fitPreprocessor(renamed, ['label', 'region'], trainRows);
    const target = encodeTarget(column(table, 'target'), trainRows);
    const model = LogisticRegression.fit(preprocessor.transform(renamed, trainRows), target);
    expect(() => exportPipeline(preprocessor, model, target)).toThrow(/feature column "label" has the name of a pipeline output/);
  });
});

describe('checkParity', () => {
  it('fails when the in-process predictions disagree with the exported graph', async () => {
    const preprocessor = fitPreprocessor(table, ['total_spend', 'region'], trainRows);
    const target: Target = encodeTarget(column(table, 'target'), trainRows);
    const model = LogisticRegression.fit(preprocessor.transform(table, trainRows), target);
    const onnx = exportPipeline(preprocessor, model, target);
    const predictions = model.predict(preprocessor.transform(table, testRows));
    predictions.probabilities![1] += 1e-4;
    predictions.probabilities![0] -= 1e-4;
    const shifted = await checkParity(onnx, table, testRows, predictions);
    expect(shifted.passed).toBe(false);
    expect(shifted.maxAbsDifference).toBeGreaterThan(9e-5);
    const swapped = predictions.probabilities!.map((_, index, all) => all[index ^ 1]);
    const flipped = await checkParity(onnx, table, testRows, { probabilities: swapped });
    expect(flipped).toMatchObject({ labelsMatch: false, passed: false });
  });
});
