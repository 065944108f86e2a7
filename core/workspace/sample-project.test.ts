import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobManager } from '../jobs/job-manager.js';
import { TrackingService } from '../tracking/service.js';
import { TrainService } from '../training/train-service.js';
import { openWorkspace } from './workspace.js';
import { sampleExperimentName, sampleModels, seedSampleProject } from './sample-project.js';

describe('seedSampleProject', () => {
  it('seeds a fresh workspace once: data files, the churn dataset, and real trained models', async () => {
    const workspace = await openWorkspace(mkdtempSync(path.join(os.tmpdir(), 'mlwb-seed-')), { user: 'seeder' });
    try {
      const tracking = new TrackingService(workspace);
      const jobs = new JobManager();
      const training = new TrainService(tracking, jobs);
      const started = await seedSampleProject(tracking, training);
      expect(started).toHaveLength(sampleModels.length);
      expect(readdirSync(path.join(workspace.paths.samples, 'churn')).sort()).toEqual(['churn-current-drifted.csv', 'churn-holdout.csv', 'churn-reference.csv', 'feature_repo']);
      for (const entry of started) expect((await jobs.wait(entry.job.id)).status).toBe('succeeded');
      const experiment = tracking.experiments.getByName(sampleExperimentName);
      const page = tracking.search({ experimentIds: [experiment.experiment_id], orderBy: ['metrics.test_roc_auc DESC'] });
      expect(page.total).toBe(sampleModels.length);
      expect(page.runs.every((run) => run.status === 'FINISHED')).toBe(true);
      expect(page.runs[0].metrics.test_roc_auc).toBeGreaterThan(0.7);
      expect(await seedSampleProject(tracking, training)).toEqual([]);
    } finally {
      await workspace.close();
    }
  });
});
