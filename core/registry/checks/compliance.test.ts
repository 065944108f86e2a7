import { describe, expect, it } from 'vitest';
import { complianceChecks } from './compliance.js';

describe('compliance checks', () => {
  const policy = { required_metadata: ['owner', 'license', 'model_card'] as const, required_tags: ['team', 'risk_tier'] };

  it('passes when every field is a non-empty tag and the description serves as the model card', () => {
    const [metadata, tags] = complianceChecks({ ...policy, required_metadata: [...policy.required_metadata] }, {
      tags: { owner: 'ana', license: 'MIT', team: 'growth', risk_tier: 'low' },
      description: 'Predicts churn for monthly retention campaigns.',
    });
    expect(metadata).toMatchObject({ name: 'compliance.metadata', verdict: 'pass' });
    expect(tags).toMatchObject({ name: 'compliance.tags', verdict: 'pass', numbers: { missing: [] } });
  });

  it('names blank or absent fields and tags, and a missing model card', () => {
    const [metadata, tags] = complianceChecks({ ...policy, required_metadata: [...policy.required_metadata] }, { tags: { owner: '  ', license: 'MIT', team: 'growth' }, description: '' });
    expect(metadata).toMatchObject({ verdict: 'fail', summary: "missing required metadata: 'owner', 'model_card' (model_card is the description)", numbers: { present: ['license'] } });
    expect(tags).toMatchObject({ verdict: 'fail', summary: "missing required tags: 'risk_tier'" });
  });
});
