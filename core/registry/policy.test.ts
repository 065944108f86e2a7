// The policy parser as a policy author meets it: the starting policy works, defaults fill in, and
// every mistake is reported at its line and column with the field it concerns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../api/errors.js';
import { defaultPolicyDocument, describePolicy, parsePolicy } from './policy.js';

const evaluation = 'evaluation: {dataset: churn, target: target}\n';

function problemIn(document: string): { message: string; details: { line: number; column: number; field: string } } {
  try {
    parsePolicy(document);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError & { details: { line: number; column: number; field: string } };
  }
  throw new Error('the policy was accepted');
}

describe('the default policy', () => {
  it('is the file in resources/policies, byte for byte', () => {
    const file = readFileSync(new URL('../../resources/policies/default.yaml', import.meta.url), 'utf8');
    expect(defaultPolicyDocument).toBe(file);
  });

  it('parses to the sample churn policy and reads as one line per rule', () => {
    const policy = parsePolicy(defaultPolicyDocument);
    expect(policy).toMatchObject({
      auto_approve: true,
      protected_aliases: ['champion'],
      evaluation: { dataset: 'churn-holdout', target: 'target', positive_label: '1' },
      checks: {
        performance: { metric: 'roc_auc', threshold: 0.7, champion_tolerance: 0.02, champion_alias: 'champion' },
        bias: { sensitive_columns: ['region', 'customer_segment'], min_group_size: 30 },
        security: { allowed_domains: ['ai.onnx', 'ai.onnx.ml'], max_size_mb: 200, allowed_inputs: 'dataset', required_outputs: [] },
        compliance: { required_metadata: ['owner', 'intended_use', 'training_data', 'license'], required_tags: [] },
        quality: { probability_range: true, positive_rate: { min: 0.05, max: 0.4 }, importance_correlation: { min: 0.5 }, latency_p95_ms: 10 },
      },
    });
    const lines = describePolicy(policy);
    expect(lines[0]).toBe('performance: roc_auc ≥ 0.7 on churn-holdout (target), at most 0.02 below the champion');
    expect(lines).toContain('compliance: metadata owner, intended_use, training_data, license required');
    expect(lines.find((line) => line.startsWith('quality:'))).toContain('positive rate between 5% and 40%');
    expect(lines).toContain('approval: automatic when every check passes');
  });
});

describe('parsePolicy', () => {
  it('fills in defaults for what a short policy leaves out', () => {
    const policy = parsePolicy(`${evaluation}checks:\n  security:\n  bias:\n    sensitive_columns: [region]\n    max_demographic_parity_difference: 0.1\n    max_equal_opportunity_difference: 0.2\n`);
    expect(policy).toEqual({
      auto_approve: true,
      protected_aliases: ['champion'],
      evaluation: { dataset: 'churn', target: 'target' },
      checks: {
        security: { allowed_domains: ['ai.onnx', 'ai.onnx.ml'], max_size_mb: 1024, allowed_inputs: 'dataset', required_outputs: [] },
        bias: { sensitive_columns: ['region'], max_demographic_parity_difference: 0.1, max_equal_opportunity_difference: 0.2, min_group_size: 30 },
      },
    });
    expect(parsePolicy('version: 1\nchecks:\n  compliance: {required_metadata: [owner]}\n').checks.compliance).toEqual({ required_metadata: ['owner'], required_tags: [] });
  });

  it('reads a numeric positive label as text and lower-is-better metrics as maxima', () => {
    const policy = parsePolicy('evaluation: {dataset: churn, target: target, positive_label: 1}\nchecks:\n  performance: {metric: log_loss, threshold: 0.45, champion_tolerance: 0.01}\n');
    expect(policy.evaluation?.positive_label).toBe('1');
    expect(describePolicy(policy)[0]).toBe('performance: log_loss ≤ 0.45 on churn (target), at most 0.01 above the champion');
  });

  it('names line, column and field for a value of the wrong type', () => {
    const document = `${evaluation}checks:\n  bias:\n    sensitive_columns: [region]\n    max_demographic_parity_difference: high\n    max_equal_opportunity_difference: 0.2\n`;
    const problem = problemIn(document);
    expect(problem.message).toBe("policy line 5, column 40: checks.bias.max_demographic_parity_difference must be a number between 0 and 1 (got 'high')");
    expect(problem.details).toMatchObject({ line: 5, column: 40, field: 'checks.bias.max_demographic_parity_difference' });
  });

  it('suggests the field a typo meant', () => {
    const problem = problemIn(`${evaluation}checks:\n  performance:\n    metric: roc_auc\n    threshhold: 0.7\n`);
    expect(problem.message).toBe('policy line 5, column 5: unknown field checks.performance.threshhold (did you mean threshold?)');
    expect(problemIn('performance: {metric: roc_auc, threshold: 0.7}\n').message).toContain('did you mean checks.performance?');
    expect(problemIn(`${evaluation}checks:\n  compliance:\n    required_metadata: [owner, licence]\n`).message).toBe(
      "policy line 4, column 32: checks.compliance.required_metadata[1] must be one of owner, intended_use, training_data, license, model_card (got 'licence'; did you mean license?)",
    );
  });

  it('reports YAML syntax errors where the YAML library found them', () => {
    const problem = problemIn('checks:\n  security:\n    allowed_domains: [ai.onnx\n  bias: {}\n');
    expect(problem.message).toMatch(/^policy line 4, column \d+: YAML syntax: /);
    expect(problem.details.line).toBe(4);
    expect(problemIn('auto_approve: true\nauto_approve: false\n').message).toBe('policy line 2, column 1: YAML syntax: Map keys must be unique');
  });

  it('checks thresholds against the range of their metric', () => {
    expect(problemIn(`${evaluation}checks:\n  performance: {metric: roc_auc, threshold: 1.5}\n`).message).toBe(
      'policy line 3, column 45: checks.performance.threshold must be a number between 0 and 1 for roc_auc (got 1.5)',
    );
    expect(parsePolicy(`${evaluation}checks:\n  performance: {metric: rmse, threshold: 12.5}\n`).checks.performance?.threshold).toBe(12.5);
    expect(problemIn(`${evaluation}checks:\n  performance: {metric: auc, threshold: 0.7}\n`).details.field).toBe('checks.performance.metric');
    expect(problemIn(`${evaluation}checks:\n  performance: {metric: f1, threshold: 0.7, champion_tolerance: -0.1}\n`).message).toContain('champion_tolerance must be a number of at least 0 (got -0.1)');
  });

  it('refuses impossible limits', () => {
    expect(problemIn(`${evaluation}checks:\n  quality:\n    positive_rate: {min: 0.5, max: 0.1}\n`).message).toBe('policy line 4, column 36: checks.quality.positive_rate.max must be at least min (0.5) (got 0.1)');
    expect(problemIn('checks:\n  security: {max_size_mb: 0}\n').message).toContain('checks.security.max_size_mb must be a number above 0 (got 0)');
    expect(problemIn(`${evaluation}checks:\n  quality: {latency_p95_ms: -5}\n`).details.field).toBe('checks.quality.latency_p95_ms');
    expect(problemIn(`${evaluation}checks:\n  bias: {sensitive_columns: [], max_demographic_parity_difference: 0.1, max_equal_opportunity_difference: 0.1}\n`).message).toContain(
      'checks.bias.sensitive_columns must name at least one column (got an empty list)',
    );
  });

  it('requires evaluation data for the checks that score the model, pointing at the check', () => {
    const problem = problemIn('checks:\n  compliance: {required_metadata: [owner]}\n  quality:\n    probability_range: true\n');
    expect(problem.message).toBe('policy line 3, column 3: evaluation is required when checks.quality is configured: it names the labelled data the model is scored on');
    expect(problem.details.field).toBe('evaluation');
  });

  it('points a missing field at the block that lacks it', () => {
    const problem = problemIn(`${evaluation}checks:\n  performance:\n    threshold: 0.7\n`);
    expect(problem.message).toBe('policy line 3, column 3: checks.performance.metric is required');
  });

  it('refuses an empty document, a non-mapping and another format version', () => {
    expect(problemIn('# nothing here yet\n').message).toBe('policy line 1, column 1: the policy is empty: it needs at least one field, such as checks');
    expect(problemIn('').details).toMatchObject({ line: 1, column: 1 });
    expect(problemIn('- checks\n').message).toBe('policy line 1, column 1: the policy must be a mapping of fields (got a list)');
    expect(problemIn('version: 2\n').message).toBe('policy line 1, column 10: version must be 1, the only policy format this version of ML Workbench reads (got 2)');
  });
});
