// Compliance checks: the documentation a policy requires before a version may be approved, read
// from the tags (version tags over model tags) and the description, which serves as the model card.
import type { CheckResult, ComplianceField, GovernancePolicy } from '../types.js';
import { checkResult, quoteList } from './check-result.js';

export type CompliancePolicy = NonNullable<GovernancePolicy['checks']['compliance']>;

export interface ComplianceContext {
  /** Model tags overlaid by the version's tags. */
  tags: Record<string, string>;
  description: string;
}

export function complianceChecks(policy: CompliancePolicy, context: ComplianceContext): CheckResult[] {
  return [metadataCheck(policy.required_metadata, context), tagsCheck(policy.required_tags, context.tags)];
}

function present(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function metadataCheck(required: readonly ComplianceField[], context: ComplianceContext): CheckResult {
  const found = (field: ComplianceField) => (field === 'model_card' ? present(context.description) : present(context.tags[field]));
  const missing = required.filter((field) => !found(field));
  const inputs = { required_metadata: required };
  const numbers = { present: required.filter(found), missing };
  if (missing.length > 0) {
    const hint = missing.includes('model_card') ? ' (model_card is the description)' : '';
    return checkResult('compliance.metadata', 'compliance', 'fail', `missing required metadata: ${quoteList(missing)}${hint}`, inputs, numbers);
  }
  const summary = required.length === 0 ? 'the policy requires no metadata' : `all ${required.length} required fields are filled in (${quoteList(required)})`;
  return checkResult('compliance.metadata', 'compliance', 'pass', summary, inputs, numbers);
}

function tagsCheck(required: readonly string[], tags: Record<string, string>): CheckResult {
  const missing = required.filter((tag) => !present(tags[tag]));
  const inputs = { required_tags: required };
  const numbers = { present: required.filter((tag) => present(tags[tag])), missing };
  if (missing.length > 0) return checkResult('compliance.tags', 'compliance', 'fail', `missing required tags: ${quoteList(missing)}`, inputs, numbers);
  const summary = required.length === 0 ? 'the policy requires no tags' : `all ${required.length} required tags are set (${quoteList(required)})`;
  return checkResult('compliance.tags', 'compliance', 'pass', summary, inputs, numbers);
}
