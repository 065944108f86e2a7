import { describe, expect, it } from 'vitest';
import { searchResult } from './job-panel';

describe('searchResult', () => {
  it('reads the trials of a search job and ignores a single training', () => {
    expect(searchResult({ metrics: { accuracy: 0.8 } })).toBeNull();
    expect(searchResult(null)).toBeNull();
    const result = searchResult({
      best_trial_run_id: 'b',
      best_score: 0.9,
      metric: 'roc_auc',
      trials: [
        { trial: 1, run_id: 'a', status: 'finished', score: 0.8, params: { C: 0.1 } },
        { trial: 2, run_id: 'b', status: 'finished', score: 0.9, params: { C: 1 } },
        'junk',
      ],
    });
    expect(result).toEqual({
      bestRunId: 'b',
      bestScore: 0.9,
      metric: 'roc_auc',
      trials: [
        { trial: 1, runId: 'a', status: 'finished', score: 0.8, params: { C: 0.1 } },
        { trial: 2, runId: 'b', status: 'finished', score: 0.9, params: { C: 1 } },
      ],
    });
  });
});
