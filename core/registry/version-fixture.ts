// A registered version as the manifest and model-card tests start from; each test overrides what
// it is about.
import type { VersionSummary } from '../api/registry-contract.js';

export const fixtureTime = Date.UTC(2024, 4, 2, 9, 30);

export function versionFixture(overrides: Partial<VersionSummary> = {}): VersionSummary {
  return {
    name: 'churn',
    version: 3,
    creation_timestamp: fixtureTime,
    last_updated_timestamp: fixtureTime,
    user_id: 'alice',
    description: '',
    source: 'runs:/r1/model',
    run_id: 'r1',
    origin: 'run',
    status: 'READY',
    sha256: 'ab'.repeat(32),
    size: 20480,
    aliases: [],
    tags: {},
    approval: 'not_submitted',
    metrics: {},
    ...overrides,
  };
}
