import { describe, expect, it } from 'vitest';
import { modelScan } from './score-fixture.js';
import { securityChecks, type SecurityContext, type SecurityPolicy } from './security.js';

const policy = (overrides: Partial<SecurityPolicy> = {}): SecurityPolicy => ({
  allowed_domains: ['ai.onnx', 'ai.onnx.ml'],
  max_size_mb: 1,
  allowed_inputs: 'dataset',
  required_outputs: ['label', 'probabilities'],
  ...overrides,
});
const context = (overrides: Partial<SecurityContext> = {}): SecurityContext => ({
  scan: modelScan(),
  registeredSha256: 'a'.repeat(64),
  rehash: { sha256: 'a'.repeat(64), size: 200_000 },
  evaluationColumns: ['total_spend', 'region', 'target'],
  ...overrides,
});
const byName = (results: ReturnType<typeof securityChecks>) => Object.fromEntries(results.map((result) => [result.name, result]));

describe('security checks', () => {
  it('passes a plain workbench model: standard domains, no external data, small, inputs from the dataset, pinned', () => {
    const results = securityChecks(policy(), context());
    expect(results.map((result) => [result.name, result.verdict])).toEqual([
      ['security.domains', 'pass'],
      ['security.external_data', 'pass'],
      ['security.size', 'pass'],
      ['security.io', 'pass'],
      ['security.sha256', 'pass'],
    ]);
    expect(byName(results)['security.sha256'].summary).toMatch(/^pinned: /);
  });

  it('fails custom operator domains, external data outside the folder, oversize files and changed bytes', () => {
    const scan = modelScan({
      domains: ['ai.onnx', 'com.microsoft', 'evil.ops'],
      size: 3 * 1024 * 1024,
      externalData: [
        { tensor: 'weights', location: 'weights.bin' },
        { tensor: 'stolen', location: '../../etc/passwd' },
        { tensor: 'absolute', location: '/tmp/data.bin' },
      ],
    });
    const results = byName(securityChecks(policy(), context({ scan, rehash: { sha256: 'b'.repeat(64), size: 10 } })));
    expect(results['security.domains']).toMatchObject({ verdict: 'fail', summary: "the model uses operator domains outside the allowed list: 'com.microsoft', 'evil.ops'" });
    expect(results['security.external_data'].verdict).toBe('fail');
    expect(results['security.external_data'].summary).toBe("2 tensors read data from outside the model's folder: 'stolen' → '../../etc/passwd', 'absolute' → '/tmp/data.bin'");
    expect(results['security.size']).toMatchObject({ verdict: 'fail', summary: '3 MB > 1 MB' });
    expect(results['security.sha256'].verdict).toBe('fail');
    expect(results['security.sha256'].summary).toMatch(/changed after registration/);
  });

  it('checks inputs against the dataset columns or an exact list, and required outputs', () => {
    const notInData = byName(securityChecks(policy(), context({ evaluationColumns: ['total_spend', 'target'] })));
    expect(notInData['security.io']).toMatchObject({ verdict: 'fail', summary: "inputs that are not columns of the evaluation dataset: 'region'" });
    const listed = byName(securityChecks(policy({ allowed_inputs: ['total_spend', 'region', 'age'], required_outputs: ['label', 'scores'] }), context()));
    expect(listed['security.io']).toMatchObject({ verdict: 'fail', summary: "required outputs missing: 'scores'; allowed inputs the model does not take: 'age'" });
    const exact = byName(securityChecks(policy({ allowed_inputs: ['region', 'total_spend'] }), context({ evaluationColumns: undefined })));
    expect(exact['security.io'].verdict).toBe('pass');
    const noData = byName(securityChecks(policy(), context({ evaluationColumns: undefined })));
    expect(noData['security.io']).toMatchObject({ verdict: 'skipped' });
    expect(noData['security.io'].summary).toMatch(/evaluation dataset/);
  });

  it('reports an unreadable stored file as an error of the pin check', () => {
    const results = byName(securityChecks(policy(), context({ rehash: { error: 'ENOENT: no such file' } })));
    expect(results['security.sha256']).toMatchObject({ verdict: 'error', summary: 'the stored model file could not be read: ENOENT: no such file' });
  });
});
