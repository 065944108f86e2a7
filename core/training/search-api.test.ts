// Hyperparameter search as a user drives it over HTTP: one job, a parent run recording the best
// trial, a child run per trial; a bad space answers 400 and creates nothing; cancel ends KILLED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { importChurnDataset, waitForJob as waitForJobOf } from '../testing/training-fixtures.js';

let core: CoreProcess;

beforeAll(async () => {
  core = await startCoreProcess();
  await importChurnDataset(core, 2000, 11);
});
afterAll(async () => core?.dispose());

const waitForJob = (id: string) => waitForJobOf(core, id);

async function run(id: string): Promise<any> {
  return (await core.call('GET', `/api/runs/${id}`)).body.run;
}

async function children(experimentId: string, parentRunId: string): Promise<any[]> {
  const { body } = await core.call('POST', '/api/runs/search', { experiment_ids: [experimentId], filter: `tags.mlflow.parentRunId = '${parentRunId}'` });
  return body.runs;
}

async function runCount(): Promise<number> {
  return (await core.call('GET', '/api/experiments')).body.experiments.reduce((sum: number, experiment: { run_count: number }) => sum + experiment.run_count, 0);
}

describe('POST /api/train with search', () => {
  it('grid search: one child run per combination, the parent records the best by test ROC AUC', async () => {
    const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { C: '0.1,1', max_iter: 50 }, search: 'grid', experiment: 'search' });
    expect(started.status).toBe(200);
    const job = await waitForJob(started.body.job.id);
    expect(job).toMatchObject({ status: 'succeeded', kind: 'train-search', run_id: started.body.run_id, fraction: 1 });

    const parent = await run(started.body.run_id);
    expect(parent.status).toBe('FINISHED');
    expect(parent.tags['mlwb.search']).toBe('grid');
    expect(parent.params).toMatchObject({ max_iter: '50', search: 'grid', search_trials: '2', search_space: '{"C":["0.1","1"]}' });

    const trials = await children(started.body.experiment_id, parent.run_id);
    expect(trials).toHaveLength(2);
    const details = await Promise.all(trials.map((trial) => run(trial.run_id)));
    expect(details.map((detail) => detail.params.C).sort()).toEqual(['0.1', '1']);
    for (const detail of details) {
      expect(detail).toMatchObject({ status: 'FINISHED', params: { max_iter: '50', model: 'lr' } });
      expect(detail.tags['mlflow.parentRunId']).toBe(parent.run_id);
      expect(detail.metrics.test_roc_auc).toBeGreaterThan(0.6);
    }
    const best = details.reduce((a, b) => (b.metrics.test_roc_auc > a.metrics.test_roc_auc ? b : a));
    expect(parent.tags.best_trial_run_id).toBe(best.run_id);
    expect(parent.metrics.best_roc_auc).toBe(best.metrics.test_roc_auc);
    expect(job.result).toMatchObject({ best_trial_run_id: best.run_id, metric: 'test_roc_auc', trials: [{ status: 'FINISHED' }, { status: 'FINISHED' }] });
  });

  it('random search: seeded draws from a range, each trial a finished child run', async () => {
    const body = { dataset: 'churn', target: 'target', model: 'gbdt', params: { learning_rate: '0.05..0.3', max_iter: 20 }, search: 'random', trials: 3, seed: 5, experiment: 'search' };
    const started = await core.call('POST', '/api/train', body);
    expect(started.status).toBe(200);
    const job = await waitForJob(started.body.job.id);
    expect(job.status).toBe('succeeded');
    const parent = await run(started.body.run_id);
    expect(parent).toMatchObject({ status: 'FINISHED', tags: { 'mlwb.search': 'random' } });
    expect(JSON.parse(parent.params.search_space)).toEqual({ learning_rate: { low: 0.05, high: 0.3, scale: 'uniform' } });

    const trials = job.result.trials as Array<{ run_id: string; status: string; score: number; params: { learning_rate: number } }>;
    expect(trials).toHaveLength(3);
    expect((await children(started.body.experiment_id, parent.run_id)).length).toBe(3);
    for (const trial of trials) {
      expect(trial.status).toBe('FINISHED');
      expect(trial.params.learning_rate).toBeGreaterThanOrEqual(0.05);
      expect(trial.params.learning_rate).toBeLessThanOrEqual(0.3);
      const child = await run(trial.run_id);
      expect(child).toMatchObject({ status: 'FINISHED', params: { max_iter: '20', learning_rate: String(trial.params.learning_rate) } });
      expect(child.tags['mlflow.parentRunId']).toBe(parent.run_id);
    }
    const bestScore = Math.max(...trials.map((trial) => trial.score));
    expect(parent.metrics.best_roc_auc).toBe(bestScore);
    expect(parent.tags.best_trial_run_id).toBe(trials.find((trial) => trial.score === bestScore)!.run_id);
  });

  it('answers a bad space with 400 naming the parameter and creates no run', async () => {
    const before = await runCount();
    const outOfRange = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { C: '0,1' }, search: 'grid' });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.message).toContain("Parameter 'C' is out of range (> 0)");
    const unknown = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { depth: '1,2' }, search: 'random' });
    expect(unknown.body.error.message).toContain("Unknown parameter 'depth' for model 'lr' (binary). Valid parameters: C, max_iter, tol, fit_intercept.");
    const rangeInGrid = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { C: '0.1..1' }, search: 'grid' });
    expect(rangeInGrid.status).toBe(400);
    expect(rangeInGrid.body.error.message).toContain("Parameter 'C': a range (0.1..1) needs random search");
    const noSearch = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { C: '0.1,1' } });
    expect(noSearch.body.error.message).toContain("add search 'grid' or 'random'");
    expect(await runCount()).toBe(before);
  });

  it('cancel kills the running trials and the parent', async () => {
    const started = await core.call('POST', '/api/train', {
      dataset: 'churn',
      target: 'target',
      model: 'lr',
      params: { C: '0.5,1', max_iter: 100000, tol: 1e-12 },
      search: 'grid',
      experiment: 'search-cancelled',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await core.call('POST', `/api/jobs/${started.body.job.id}/cancel`)).status).toBe(200);
    expect((await waitForJob(started.body.job.id)).status).toBe('cancelled');
    expect((await run(started.body.run_id)).status).toBe('KILLED');
    const trials = await children(started.body.experiment_id, started.body.run_id);
    expect(trials.length).toBeGreaterThan(0);
    for (const trial of trials) expect((await run(trial.run_id)).status).toBe('KILLED');
  });
});
