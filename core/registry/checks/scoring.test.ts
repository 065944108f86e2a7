import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeColumnarFile } from '../../datasets/columnar-file.js';
import { columnByName, type CategoricalColumn, type Table } from '../../datasets/table.js';
import { decodeModel, encodeModel } from '../../onnx/builder.js';
import { createSession, runPipeline } from '../../onnx/session.js';
import { churnTable } from '../../testing/churn-table.js';
import { evaluate, type BinaryMetrics } from '../../training/evaluation/report.js';
import { encodeTarget } from '../../training/preprocessing.js';
import { trainPipeline, type TrainHooks } from '../../training/train-pipeline.js';
import { governanceScore, isFailedScore, type GovernanceScoreInput, type ModelScore } from './scoring.js';

const hooks = (): TrainHooks => ({ signal: new AbortController().signal, progress() {}, metric() {} });
const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-governance-'));
const evaluationFile = path.join(folder, 'evaluation.mlwbcol');
const evaluationTable = churnTable(2500, 11);
const files = { gbdt: path.join(folder, 'gbdt.onnx'), lr: path.join(folder, 'lr.onnx'), imported: path.join(folder, 'imported.onnx'), ridge: path.join(folder, 'ridge.onnx') };

beforeAll(async () => {
  const training = churnTable(3000, 5);
  const gbdt = await trainPipeline(training, { target: 'target', model: 'gbdt', params: { max_iter: 30 }, seed: 1 }, hooks());
  const lr = await trainPipeline(training, { target: 'target', model: 'lr', params: {}, seed: 1 }, hooks());
  const ridge = await trainPipeline(training, { target: 'total_spend', model: 'lr', params: {}, seed: 1 }, hooks());
  writeFileSync(files.gbdt, gbdt.onnx);
  writeFileSync(files.lr, lr.onnx);
  writeFileSync(files.ridge, ridge.onnx);
  // An "imported" model: the same graph without the workbench schema, so classes come from the data.
  const stripped = decodeModel(lr.onnx);
  stripped.metadataProps = [];
  writeFileSync(files.imported, encodeModel(stripped));
  await writeColumnarFile(evaluationTable, evaluationFile);
}, 120_000);

const baseInput = (overrides: Partial<GovernanceScoreInput> = {}): GovernanceScoreInput => ({
  evaluationFile,
  target: 'target',
  sensitiveColumns: ['region', 'customer_segment'],
  minGroupSize: 30,
  models: [
    { key: 'candidate', file: files.gbdt },
    { key: 'champion', file: files.lr },
  ],
  latencySamples: 50,
  importanceRows: 600,
  ...overrides,
});

function scored(model: ModelScore | { error: string } | undefined): ModelScore {
  if (!model || isFailedScore(model as ModelScore)) throw new Error(`not scored: ${JSON.stringify(model)}`);
  return model as ModelScore;
}

/** The trainer's own evaluation of what onnxruntime predicts for every row of the table. */
async function referenceEvaluation(file: string, table: Table): Promise<{ metrics: BinaryMetrics; probabilities: Float64Array }> {
  const session = await createSession(readFileSync(file));
  const outputs = await runPipeline(session, table);
  await session.release();
  const probabilities = Float64Array.from(outputs.probabilities.data as Float32Array);
  const rows = Uint32Array.from({ length: table.rowCount }, (_, row) => row);
  const target = encodeTarget(columnByName(table, 'target')!, rows, { classes: ['0', '1'] });
  const report = evaluate('binary', target, { probabilities });
  if (report.task !== 'binary') throw new Error('expected a binary report');
  return { metrics: report.metrics, probabilities };
}

describe('governanceScore', () => {
  it('scores candidate and champion with metrics identical to the trainer’s evaluation of the same predictions', async () => {
    const result = await governanceScore(baseInput());
    expect(result).toMatchObject({ rows: 2500, labelled_rows: 2500, importance_source: 'permutation', importance_rows: 600 });
    for (const [index, file] of [files.gbdt, files.lr].entries()) {
      const model = scored(result.models[index]);
      const { metrics } = await referenceEvaluation(file, evaluationTable);
      expect(model).toMatchObject({ task: 'classification', classes: ['0', '1'], positive_label: '1', rows: 2500 });
      expect(model.metrics).toEqual({
        accuracy: metrics.accuracy,
        precision: metrics.precision,
        recall: metrics.recall,
        f1: metrics.f1,
        roc_auc: metrics.roc_auc,
        average_precision: metrics.average_precision,
        log_loss: metrics.log_loss,
        brier: metrics.brier_score,
      });
      expect(model.metrics.roc_auc).toBeGreaterThan(0.7);
    }
  }, 60_000);

  it('tabulates groups from the same predictions: rates, differences over groups large enough', async () => {
    const result = await governanceScore(baseInput({ models: [{ key: 'candidate', file: files.gbdt }] }));
    const model = scored(result.models[0]);
    const { probabilities } = await referenceEvaluation(files.gbdt, evaluationTable);
    const region = columnByName(evaluationTable, 'region') as CategoricalColumn;
    const target = (columnByName(evaluationTable, 'target') as { values: Float64Array }).values;
    const regionScore = model.bias.find((entry) => entry.column === 'region')!;
    expect(regionScore.groups.map((group) => group.group)).toEqual(region.dictionary);
    for (const group of regionScore.groups) {
      const rows = [...region.codes.keys()].filter((row) => region.dictionary[region.codes[row]] === group.group);
      const predictedPositive = rows.filter((row) => probabilities[row * 2 + 1] > probabilities[row * 2]);
      const positives = rows.filter((row) => target[row] === 1);
      expect(group.count).toBe(rows.length);
      expect(group.positive_rate).toBe(predictedPositive.length / rows.length);
      expect(group.true_positive_rate).toBe(positives.filter((row) => predictedPositive.includes(row)).length / positives.length);
    }
    const rates = regionScore.groups.map((group) => group.positive_rate);
    expect(regionScore.demographic_parity_difference).toBe(Math.max(...rates) - Math.min(...rates));
    let predictedPositive = 0;
    for (let row = 0; row < 2500; row++) if (probabilities[row * 2 + 1] > probabilities[row * 2]) predictedPositive++;
    expect(model.predicted_positive_rate).toBe(predictedPositive / 2500);
    expect(model.probability_range).toMatchObject({ outside_unit_interval: 0, nan: 0 });
    expect(model.probability_range!.min).toBeGreaterThanOrEqual(0);
    const { p50, p95, p99, samples } = model.latency_ms;
    expect(samples).toBe(50);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
    // Permutation importance over the pipeline's raw inputs: recency drives churn in the sample data.
    expect(Object.keys(model.importance).sort()).toEqual(['customer_segment', 'days_since_last_purchase', 'region', 'total_spend', 'transaction_count']);
    expect(model.importance.days_since_last_purchase).toBeGreaterThan(0.01);
  }, 60_000);

  it('uses stored importance only when every model has one, so both sides are measured alike', async () => {
    const stored = await governanceScore(
      baseInput({ models: [{ key: 'candidate', file: files.gbdt, importance: { a: 1 } }, { key: 'champion', file: files.lr, importance: { a: 2 } }], sensitiveColumns: [] }),
    );
    expect(stored).toMatchObject({ importance_source: 'stored', importance_rows: 0 });
    expect(scored(stored.models[1]).importance).toEqual({ a: 2 });
    const mixed = await governanceScore(baseInput({ models: [{ key: 'candidate', file: files.gbdt, importance: { a: 1 } }, { key: 'champion', file: files.lr }], sensitiveColumns: [] }));
    expect(mixed.importance_source).toBe('permutation');
    expect(Object.keys(scored(mixed.models[0]).importance)).toContain('days_since_last_purchase');
  }, 60_000);

  it('reads classes of a model without the workbench schema from the data, and honours the positive label', async () => {
    const result = await governanceScore(baseInput({ models: [{ key: 'candidate', file: files.lr }, { key: 'champion', file: files.imported }], sensitiveColumns: [] }));
    const [own, imported] = result.models.map(scored);
    expect(imported.classes).toEqual(['0', '1']);
    expect(imported.metrics).toEqual(own.metrics);
    const flipped = scored((await governanceScore(baseInput({ positiveLabel: '0', models: [{ key: 'candidate', file: files.imported }], sensitiveColumns: [] }))).models[0]);
    expect(flipped.positive_label).toBe('0');
    expect(flipped.predicted_positive_rate).toBeCloseTo(1 - own.predicted_positive_rate!, 12);
    expect(flipped.metrics.roc_auc).toBeCloseTo(own.metrics.roc_auc!, 12);
    expect(flipped.metrics.accuracy).toBe(own.metrics.accuracy);
  }, 60_000);

  it('scores a regressor with rmse, mae and r2, and reports a model that cannot run as that model’s error', async () => {
    const result = await governanceScore(
      baseInput({ target: 'total_spend', models: [{ key: 'candidate', file: files.ridge }, { key: 'champion', file: path.join(folder, 'missing.onnx') }] }),
    );
    const model = scored(result.models[0]);
    const session = await createSession(readFileSync(files.ridge));
    const values = Float64Array.from((await runPipeline(session, evaluationTable)).variable.data as Float32Array);
    await session.release();
    const actual = (columnByName(evaluationTable, 'total_spend') as { values: Float64Array }).values;
    const report = evaluate('regression', { task: 'regression', values: actual, classes: [] }, { values });
    expect(model).toMatchObject({ task: 'regression', positive_label: null, predicted_positive_rate: null, probability_range: null, bias: [] });
    expect(model.metrics).toEqual(report.metrics);
    expect(result.models[1]).toMatchObject({ key: 'champion', error: expect.stringMatching(/ENOENT/) });
  }, 60_000);
});
