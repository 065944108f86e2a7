import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrackingService } from '../tracking/service.js';
import { openWorkspace } from './workspace.js';
import { sampleExperimentName, seedSampleProject } from './sample-project.js';

describe('seedSampleProject', () => {
  it('seeds a fresh workspace once with data files and real training runs that learned something', async () => {
    const workspace = await openWorkspace(mkdtempSync(path.join(os.tmpdir(), 'mlwb-seed-')), { user: 'seeder' });
    try {
      const tracking = new TrackingService(workspace);
      expect(await seedSampleProject(tracking)).toBe(true);
      expect(readdirSync(path.join(workspace.paths.samples, 'churn')).sort()).toEqual(['churn-current-drifted.csv', 'churn-reference.csv']);
      const experiment = tracking.experiments.getByName(sampleExperimentName);
      const page = tracking.search({ experimentIds: [experiment.experiment_id], orderBy: ['metrics.val_auc DESC'] });
      expect(page.total).toBe(8);
      const best = page.runs[0];
      expect(best.status).toBe('FINISHED');
      expect(best.metrics.val_auc).toBeGreaterThan(0.65);
      const history = workspace.db.prepare('SELECT COUNT(*) AS count FROM metrics WHERE run_id = ? AND key = ?').get(best.run_id, 'train_loss');
      expect(history).toEqual({ count: 40 });
      expect(await seedSampleProject(tracking)).toBe(false);
    } finally {
      await workspace.close();
    }
  });
});
