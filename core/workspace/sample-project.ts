// Seeds a fresh workspace with the churn sample (data files + an experiment of real training
// runs) so the first screen shows what the workbench does instead of an empty table.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { churnRowsToCsv, generateChurnRows, type ChurnRow } from '../../resources/samples/churn/generate.js';
import type { TrackingService } from '../tracking/service.js';

const seededKey = 'sample.churn.seeded';
export const sampleExperimentName = 'churn-sample';

/** Seeds once per workspace, and only while it holds no runs of its own. */
export async function seedSampleProject(tracking: TrackingService): Promise<boolean> {
  const db = tracking.db;
  if (db.prepare('SELECT 1 FROM settings WHERE key = ?').get(seededKey)) return false;
  if (db.prepare('SELECT 1 FROM runs LIMIT 1').get()) return false;

  const reference = generateChurnRows({ rows: 5000, seed: 7, drift: 0 });
  const current = generateChurnRows({ rows: 5000, seed: 8, drift: 0.4 });
  const folder = path.join(tracking.workspace.paths.samples, 'churn');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'churn-reference.csv'), churnRowsToCsv(reference));
  await writeFile(path.join(folder, 'churn-current-drifted.csv'), churnRowsToCsv(current));

  const user = tracking.workspace.user;
  const experimentId = tracking.experiments.create({
    name: sampleExperimentName,
    tags: [{ key: 'mlflow.note.content', value: 'Customer churn sample: logistic regression trained in-process on resources/samples/churn data.' }],
    user,
  });
  const split = Math.floor(reference.length * 0.8);
  const { features, labels, names } = encode(reference);
  for (const learningRate of [0.01, 0.05, 0.2, 0.5]) {
    for (const l2 of [0, 0.01]) {
      const run = tracking.runs.create({ experimentId, runName: `logreg-lr${learningRate}-l2${l2}`, user, tags: [{ key: 'mlflow.source.name', value: 'sample-project' }] });
      const history = trainLogisticRegression(features, labels, names.length, split, { learningRate, l2, epochs: 40 });
      tracking.runs.logBatch(run.run_id, {
        params: [
          { key: 'model_type', value: 'logistic_regression' },
          { key: 'learning_rate', value: String(learningRate) },
          { key: 'l2', value: String(l2) },
          { key: 'epochs', value: '40' },
          { key: 'features', value: names.join(',') },
        ],
        metrics: history,
        tags: [{ key: 'dataset', value: 'churn-reference.csv' }],
      });
      tracking.runs.update(run.run_id, { status: 'FINISHED', endTime: Date.now() });
    }
  }
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(seededKey, new Date().toISOString());
  return true;
}

/** Standardised numeric columns plus one-hot segment and region, row-major in one Float64Array. */
function encode(rows: ChurnRow[]): { features: Float64Array; labels: Float64Array; names: string[] } {
  const numeric: Array<keyof ChurnRow> = ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase'];
  const segments = [...new Set(rows.map((row) => String(row.customer_segment)))].sort();
  const regions = [...new Set(rows.map((row) => String(row.region)))].sort();
  const names = [...numeric.map(String), ...segments.map((value) => `segment=${value}`), ...regions.map((value) => `region=${value}`)];
  const width = names.length;
  const features = new Float64Array(rows.length * width);
  const labels = new Float64Array(rows.length);
  numeric.forEach((column, index) => {
    const values = rows.map((row) => Number(row[column]));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length) || 1;
    values.forEach((value, row) => (features[row * width + index] = (value - mean) / deviation));
  });
  rows.forEach((row, index) => {
    features[index * width + numeric.length + segments.indexOf(String(row.customer_segment))] = 1;
    features[index * width + numeric.length + segments.length + regions.indexOf(String(row.region))] = 1;
    labels[index] = Number(row.target);
  });
  return { features, labels, names };
}

function trainLogisticRegression(
  features: Float64Array,
  labels: Float64Array,
  width: number,
  split: number,
  options: { learningRate: number; l2: number; epochs: number },
): Array<{ key: string; value: number; step: number; timestamp: number }> {
  const weights = new Float64Array(width);
  let bias = 0;
  const rows = labels.length;
  const predict = (row: number) => {
    let sum = bias;
    for (let column = 0; column < width; column++) sum += weights[column] * features[row * width + column];
    return 1 / (1 + Math.exp(-sum));
  };
  const logLoss = (from: number, to: number) => {
    let loss = 0;
    for (let row = from; row < to; row++) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, predict(row)));
      loss -= labels[row] * Math.log(p) + (1 - labels[row]) * Math.log(1 - p);
    }
    return loss / (to - from);
  };
  const metrics: Array<{ key: string; value: number; step: number; timestamp: number }> = [];
  const started = Date.now();
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const gradient = new Float64Array(width);
    let biasGradient = 0;
    for (let row = 0; row < split; row++) {
      const error = predict(row) - labels[row];
      for (let column = 0; column < width; column++) gradient[column] += error * features[row * width + column];
      biasGradient += error;
    }
    for (let column = 0; column < width; column++) weights[column] -= options.learningRate * (gradient[column] / split + options.l2 * weights[column]);
    bias -= (options.learningRate * biasGradient) / split;
    const timestamp = started + epoch;
    metrics.push({ key: 'train_loss', value: logLoss(0, split), step: epoch, timestamp }, { key: 'val_loss', value: logLoss(split, rows), step: epoch, timestamp });
  }
  const scores = Array.from({ length: rows - split }, (_, index) => predict(split + index));
  const truth = Array.from(labels.subarray(split));
  const accuracy = scores.filter((score, index) => (score >= 0.5 ? 1 : 0) === truth[index]).length / scores.length;
  const timestamp = started + options.epochs;
  metrics.push({ key: 'val_accuracy', value: accuracy, step: options.epochs, timestamp }, { key: 'val_auc', value: areaUnderCurve(scores, truth), step: options.epochs, timestamp });
  return metrics;
}

/** ROC AUC by the rank-sum formula (ties share their average rank). */
function areaUnderCurve(scores: number[], truth: number[]): number {
  const order = scores.map((score, index) => ({ score, label: truth[index] })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].score === order[start].score) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) {
      if (order[index].label === 1) {
        rankSum += averageRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
