import { useEffect } from 'react';
import type { VersionSummary } from '../../../core/api/registry-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { useModelsStore } from '../../stores/models-store';
import { SelectField } from '../../ui/select-field';
import { approvalLabels } from '../models/approval-badge';

export function versionLabel(version: VersionSummary): string {
  return `v${version.version} · ${approvalLabels[version.approval] ?? version.approval}`;
}

/** The registry's versions of `model`, newest first, loaded on first use. */
export function useModelVersions(model: string): VersionSummary[] | undefined {
  const versions = useDeploymentsStore((state) => state.versions[model]);
  const loadVersions = useDeploymentsStore((state) => state.loadVersions);
  useEffect(() => {
    if (model) void loadVersions(model);
  }, [model, loadVersions]);
  return versions;
}

/** The version a model picks by itself: its newest approved one, else its newest. */
export function newestApproved(versions: readonly VersionSummary[]): number {
  return (versions.find((entry) => entry.approval === 'approved') ?? versions[0]).version;
}

/** Model and version selects from the registry; picking a model also picks a version, so the common case is one choice. */
export function VersionPicker({
  model,
  version,
  onChange,
  modelTestId,
  versionTestId,
  autoFocus,
  pickDefault = newestApproved,
}: {
  model: string;
  version: number | null;
  onChange: (model: string, version: number | null) => void;
  modelTestId: string;
  versionTestId: string;
  autoFocus?: boolean;
  /** Chooses among the versions (newest first) when the model changes. */
  pickDefault?: (versions: readonly VersionSummary[]) => number;
}) {
  const models = useModelsStore((state) => state.models);
  const loadModels = useModelsStore((state) => state.load);
  const versions = useModelVersions(model);
  useEffect(() => {
    void loadModels();
  }, [loadModels]);
  useEffect(() => {
    if (!versions || versions.length === 0) return;
    if (version !== null && versions.some((entry) => entry.version === version)) return;
    onChange(model, pickDefault(versions));
    // Only a new list of versions (another model) picks a default.
  }, [versions]);

  const names = [...models].map((entry) => entry.name).sort((a, b) => a.localeCompare(b));
  if (model && !names.includes(model)) names.unshift(model);
  return (
    <div className="version-picker">
      <SelectField
        label="Model"
        testId={modelTestId}
        value={model}
        autoFocus={autoFocus}
        placeholder={model ? undefined : { value: '', label: models.length > 0 ? 'Choose a model' : 'No models registered' }}
        options={names.map((name) => ({ value: name, label: name }))}
        onChange={(value) => onChange(value, null)}
      />
      <SelectField
        label="Version"
        testId={versionTestId}
        value={version ?? ''}
        disabled={!versions || versions.length === 0}
        placeholder={
          versions?.some((entry) => entry.version === version)
            ? undefined
            : { value: version ?? '', label: version !== null ? `v${version}` : model ? 'Loading…' : '—' }
        }
        options={(versions ?? []).map((entry) => ({ value: entry.version, label: versionLabel(entry) }))}
        onChange={(value) => onChange(model, value ? Number(value) : null)}
      />
    </div>
  );
}
