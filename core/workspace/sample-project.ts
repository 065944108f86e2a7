// Seeds a fresh workspace with the churn sample: its data as files and as a dataset, and real
// models trained on it as background jobs, so the first screen shows what the workbench does.
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Readable } from 'node:stream';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { DatasetService } from '../datasets/dataset-service.js';
import type { TrackingService } from '../tracking/service.js';
import type { TrainService, TrainStarted } from '../training/train-service.js';

const seededKey = 'sample.churn.seeded';
/**
 * The sample feature repo: next to the bundle (dist/core → resources) and the sources
 * (core/workspace → resources) alike, or where electron-builder puts the samples in a packaged app.
 */
function sampleFeatureRepo(): string | undefined {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [fileURLToPath(new URL('../../resources/samples/churn/feature_repo/', import.meta.url)), ...(resourcesPath ? [path.join(resourcesPath, 'samples', 'churn', 'feature_repo')] : [])];
  return candidates.find((candidate) => existsSync(candidate));
}
export const sampleExperimentName = 'churn-sample';
export const sampleDatasetName = 'churn';
/** Customers the sample models never saw: what the default governance policy scores them on. */
export const sampleHoldoutName = 'churn-holdout';
/** The models trained on first start, with small settings so they finish in seconds. */
export const sampleModels: Array<{ model: string; params: Record<string, number> }> = [
  { model: 'lr', params: {} },
  { model: 'gbdt', params: {} },
  { model: 'rf', params: { n_estimators: 50 } },
  { model: 'mlp', params: { epochs: 20 } },
];

/**
 * Seeds once per workspace, and only while it holds no runs of its own. Returns the started
 * training jobs (empty when nothing was seeded).
 */
export async function seedSampleProject(tracking: TrackingService, training: TrainService): Promise<TrainStarted[]> {
  const { db, workspace } = tracking;
  if (db.prepare('SELECT 1 FROM settings WHERE key = ?').get(seededKey)) return [];
  if (db.prepare('SELECT 1 FROM runs LIMIT 1').get()) return [];
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(seededKey, new Date().toISOString());

  const reference = churnRowsToCsv(generateChurnRows({ rows: 5000, seed: 7, drift: 0 }));
  const current = churnRowsToCsv(generateChurnRows({ rows: 5000, seed: 8, drift: 0.4 }));
  const holdout = churnRowsToCsv(generateChurnRows({ rows: 5000, seed: 9, drift: 0 }));
  const folder = path.join(workspace.paths.samples, 'churn');
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'churn-reference.csv'), reference);
  await writeFile(path.join(folder, 'churn-current-drifted.csv'), current);
  await writeFile(path.join(folder, 'churn-holdout.csv'), holdout);
  // The Feast-style feature repo over these files: `mlwb features plan --repo <folder>/feature_repo`.
  const repo = sampleFeatureRepo();
  if (repo) await cp(repo, path.join(folder, 'feature_repo'), { recursive: true });

  const datasets = new DatasetService(workspace);
  await datasets.import({ source: Readable.from([reference]), fileName: 'churn-reference.csv', name: sampleDatasetName, user: workspace.user });
  await datasets.import({ source: Readable.from([holdout]), fileName: 'churn-holdout.csv', name: sampleHoldoutName, user: workspace.user });
  const started: TrainStarted[] = [];
  for (const { model, params } of sampleModels) {
    started.push(
      await training.start({ dataset: sampleDatasetName, target: 'target', model, params, experiment: sampleExperimentName, runName: `${model}-churn`, seed: 7, user: workspace.user }),
    );
  }
  return started;
}
