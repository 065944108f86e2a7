// Gathers what the manifest and the model card are written from: the model, the version with
// its scan and lineage, and the latest review with its checks.
import type { ManifestInput } from './manifest.js';
import type { RegistryService } from './registry-service.js';
import { versionDetail } from './registry-views.js';

export function manifestInput(registry: RegistryService, name: string, version: number): ManifestInput {
  const model = registry.store.model(name);
  const detail = versionDetail(registry, name, version);
  return {
    model: { name: model.name, description: model.description, tags: registry.store.modelTags([name]).get(name) ?? {} },
    version: detail.version,
    lineage: detail.lineage,
    scan: detail.scan,
    review: detail.review,
    policyVersion: registry.policies.current().version,
  };
}
