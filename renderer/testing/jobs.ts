// Job summaries as GET /api/jobs/:id returns them, for the tests of the job panel's state.
import type { JobSummary } from '../../core/api/contract';

export const runningJob: JobSummary = {
  id: 'job-1',
  kind: 'train',
  title: 'Train gbdt on churn → target',
  status: 'running',
  created_by: 'ada',
  created_time: 1,
  ended_time: null,
  fraction: 0,
  message: 'Starting',
  run_id: null,
  error: null,
  error_code: null,
  result: null,
};
