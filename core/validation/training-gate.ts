// "A failed suite can block training": the suite runs on the exact dataset version a training
// would read, before any run exists. `block` refuses the request naming the failed expectations;
// `warn` lets it train and records the outcome on the run as mlwb.validation.* tags. Either way
// the validation run is stored, so the decision can be traced later.
import { ValidationError } from '../api/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { describeFailures, ValidationService } from './validation-service.js';

export type ValidationMode = 'block' | 'warn';

export interface TrainingGateInput {
  /** NAME or NAME:VERSION (latest version when omitted). */
  suite: string;
  dataset: string;
  datasetVersion: number;
  mode: ValidationMode;
  user: string;
}

/** The run tags recording the check; throws ValidationError when a blocking suite fails. */
export async function checkTrainingData(workspace: Workspace, input: TrainingGateInput): Promise<Array<{ key: string; value: string }>> {
  const colon = input.suite.lastIndexOf(':');
  const versionText = colon < 0 ? '' : input.suite.slice(colon + 1);
  const pinned = /^[1-9]\d*$/.test(versionText);
  const suite = pinned ? input.suite.slice(0, colon) : input.suite;
  const { run, result } = await new ValidationService(workspace).runOnDataset({ suite, suiteVersion: pinned ? Number(versionText) : undefined, dataset: input.dataset, version: input.datasetVersion, resultFormat: 'SUMMARY', user: input.user });
  const failures = describeFailures(result);
  const label = `${run.suite}:v${run.suite_version}`;
  if (!result.success && input.mode === 'block') {
    throw new ValidationError(
      `Validation suite ${label} failed on ${run.dataset}:v${run.dataset_version} (${result.statistics.unsuccessful_expectations} of ${result.statistics.evaluated_expectations} expectations not met), so training did not start: ${failures.join('; ')}. Fix the data, or train with validation 'warn'.`,
      { field: 'validate_suite', suite: run.suite, suite_version: run.suite_version, validation_run: run.id, failed: failures },
    );
  }
  return [
    { key: 'mlwb.validation.suite', value: label },
    { key: 'mlwb.validation.success', value: String(result.success) },
    { key: 'mlwb.validation.mode', value: input.mode },
    { key: 'mlwb.validation.run_id', value: run.id },
    { key: 'mlwb.validation.success_percent', value: String(result.statistics.success_percent) },
    ...(failures.length > 0 ? [{ key: 'mlwb.validation.failures', value: failures.join('\n').slice(0, 8000) }] : []),
  ];
}
