import { useEffect } from 'react';
import { useModelsStore } from '../../stores/models-store';
import { CommandBlock } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { ModelDetail } from './model-detail';
import { ModelDropzone, ModelImportStatus, useModelImport } from './model-dropzone';
import { ModelList } from './model-list';
import { modelHref, versionTabOf } from './model-hrefs';
import { VersionPage } from './version-page';
import '../../styles/two-pane.css';
// The drop overlay, drop target and import status share the Datasets page's look.
import '../datasets/datasets.css';
import './models.css';

/** A version path segment: a whole number from 1. */
function versionParam(text: string | undefined): number | null {
  return text !== undefined && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

export function ModelsPage({ params, query }: PageProps) {
  const models = useModelsStore((state) => state.models);
  const status = useModelsStore((state) => state.status);
  const load = useModelsStore((state) => state.load);
  const selectedName = params.name ?? null;
  const version = versionParam(params.version);

  useEffect(() => {
    void load();
  }, [load]);

  // #/models opens the most recently updated model.
  useEffect(() => {
    if (selectedName !== null || status !== 'ready' || models.length === 0) return;
    const newest = [...models].sort((a, b) => b.last_updated_timestamp - a.last_updated_timestamp)[0];
    navigate(modelHref(newest.name), { replace: true });
  }, [selectedName, status, models]);

  let main;
  if (status === 'idle' || status === 'loading') {
    main = <PageSpinner />;
  } else if (status === 'failed') {
    main = <PageLoadFailed title="Could not load the model registry" onRetry={() => void load()} />;
  } else if (models.length === 0 && selectedName === null) {
    main = <ModelsEmptyState />;
  } else if (selectedName !== null && params.version !== undefined) {
    main =
      version === null ? (
        <div className="page-center">
          <EmptyState icon="search" title="No such version">
            <p>
              <code>{params.version}</code> is not a version number.
            </p>
          </EmptyState>
        </div>
      ) : (
        <VersionPage key={`${selectedName}:${version}`} name={selectedName} version={version} tab={versionTabOf(query.get('tab'))} />
      );
  } else if (selectedName !== null) {
    main = <ModelDetail key={selectedName} name={selectedName} />;
  }

  return (
    <ModelDropzone>
      <div className="two-pane" data-testid="models-page">
        {models.length > 0 && <ModelList models={models} activeName={selectedName} />}
        <div className="two-pane-main models-main">
          {models.length > 0 && (
            <div className="models-status">
              <ModelImportStatus />
            </div>
          )}
          {main}
        </div>
      </div>
    </ModelDropzone>
  );
}

function ModelsEmptyState() {
  const { pickAndImport } = useModelImport();
  return (
    <div className="models-empty">
      <EmptyState icon="file" title="Register your first model">
        <p>
          The registry keeps ONNX models as numbered versions with aliases (such as <code>champion</code>), lineage, a manifest and a model
          card. Versions go through governance checks and a review before they carry protected aliases.
        </p>
        <div className="drop-target">
          <Icon name="upload" size={22} className="drop-target-icon" />
          <strong>Register a run's model from its Run page, or drop an .onnx file here</strong>
          <span className="faint">or</span>
          <button type="button" className="button button-primary" onClick={() => void pickAndImport()} data-testid="model-import-button">
            Choose an ONNX file
          </button>
        </div>
        <ModelImportStatus />
        <p>Or from a terminal:</p>
        <CommandBlock text="mlwb models register --run <run-id> --name churn" />
        <CommandBlock text="mlwb models import model.onnx --name churn" />
      </EmptyState>
    </div>
  );
}
