import { useState } from 'react';
import type { DeploymentSummary } from '../../../core/api/serving-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { showSuccessToast } from '../../stores/toast-store';
import { CommandBlock } from '../../ui/command-block';
import { CopyButton } from '../../ui/copy-button';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { ConfirmDialog } from './confirm-dialog';
import { CreateDeploymentDialog } from './create-deployment-dialog';
import { DeploymentCard } from './deployment-card';
import { deploymentsHref } from './deployment-hrefs';
import { PredictionsTable } from './predictions-table';
import { TrafficCharts } from './traffic-charts';
import { TryPanel } from './try-panel';
import { useVisiblePolling } from './use-visible-polling';
import '../../styles/detail-page.css';
import '../models/models.css';
import './deployments.css';

/** How often the list is re-read: arms finish warming up, and the CLI may change a split meanwhile. */
const listPollInterval = 3000;

/** Routes: #/deployments (every deployment as a card) and #/deployments/:name (one, with traffic and Try it). */
export function DeploymentsPage({ params }: PageProps) {
  const deployments = useDeploymentsStore((state) => state.deployments);
  const status = useDeploymentsStore((state) => state.status);
  const inferenceUrl = useDeploymentsStore((state) => state.inferenceUrl);
  const load = useDeploymentsStore((state) => state.load);
  const openCreate = useDeploymentsStore((state) => state.openCreate);
  useVisiblePolling(() => load(), listPollInterval, [load]);

  const name = params.name ?? null;
  let main;
  if (status === 'idle' || status === 'loading') {
    main = <PageSpinner />;
  } else if (status === 'failed') {
    main = <PageLoadFailed title="Could not load the deployments" onRetry={() => void load()} />;
  } else if (name !== null) {
    const deployment = deployments.find((entry) => entry.name === name);
    main = deployment ? (
      <DeploymentDetail key={name} deployment={deployment} inferenceUrl={inferenceUrl ?? ''} />
    ) : (
      <div className="page-center">
        <EmptyState
          icon="search"
          title={`No deployment named ${name}`}
          actions={
            <a className="button" href={deploymentsHref}>
              Show all deployments
            </a>
          }
        />
      </div>
    );
  } else if (deployments.length === 0) {
    main = <DeploymentsEmptyState onCreate={() => openCreate()} />;
  } else {
    main = (
      <div className="detail-page">
        <header className="detail-header">
          <div className="detail-title">
            <h1>Deployments</h1>
            <div className="detail-actions">
              <button type="button" className="button button-primary" onClick={() => openCreate()} data-testid="create-deployment-button">
                <Icon name="plus" size={14} />
                Create deployment
              </button>
            </div>
          </div>
          {inferenceUrl && (
            <p className="muted deployments-listener">
              Inference listener <span className="mono">{inferenceUrl}</span>
              <CopyButton text={inferenceUrl} label="Copy" />
            </p>
          )}
        </header>
        <div className="deployment-cards">
          {[...deployments]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((deployment) => (
              <DeploymentCard key={deployment.name} deployment={deployment} linked />
            ))}
        </div>
      </div>
    );
  }

  return (
    <div className="deployments-page" data-testid="deployments-page">
      {main}
      <CreateDeploymentDialog />
    </div>
  );
}

function DeploymentsEmptyState({ onCreate }: { onCreate: () => void }) {
  return (
    <div className="deployments-empty">
      <EmptyState
        icon="rocket"
        title="Serve a model"
        actions={
          <button type="button" className="button button-primary" onClick={onCreate} data-testid="create-deployment-button">
            <Icon name="plus" size={14} />
            Create deployment
          </button>
        }
      >
        <p>
          A deployment serves a registered model version on the inference port (product <code>/predict</code>, MLflow <code>/invocations</code>{' '}
          and Open Inference <code>/v2</code>). Roll out a new version to a share of traffic, keep customers on one version with a sticky key,
          then promote it or roll back.
        </p>
        <p>Create one here, use “Deploy” on a model version's page, or from a terminal:</p>
        <CommandBlock text="mlwb deploy churn --model churn --version 1" />
      </EmptyState>
    </div>
  );
}

function DeploymentDetail({ deployment, inferenceUrl }: { deployment: DeploymentSummary; inferenceUrl: string }) {
  const remove = useDeploymentsStore((state) => state.remove);
  const [revision, setRevision] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const endpoints: Array<[string, string]> = [
    ['Predict', deployment.endpoints.predict],
    ['Batch predict', deployment.endpoints.batch_predict],
    ['MLflow invocations', deployment.endpoints.invocations],
    ['Open Inference v2', deployment.endpoints.v2_infer],
  ];
  return (
    <div className="detail-page deployment-detail">
      <header className="detail-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <a href={deploymentsHref}>Deployments</a>
          <Icon name="chevronRight" size={12} />
          <span>{deployment.name}</span>
        </nav>
        <div className="detail-title">
          <h1 data-testid="deployment-title">{deployment.name}</h1>
          <div className="detail-actions">
            <button type="button" className="button button-danger" onClick={() => setDeleting(true)} data-testid="delete-deployment-button">
              Delete
            </button>
          </div>
        </div>
        <dl className="detail-facts deployment-endpoints">
          {endpoints.map(([label, url]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="mono">
                <span className="truncate">{url}</span>
                <CopyButton text={url} label="Copy" />
              </dd>
            </div>
          ))}
        </dl>
      </header>
      <DeploymentCard deployment={deployment} linked={false} />
      <TrafficCharts deployment={deployment} />
      <div className="deployment-try-grid">
        <TryPanel deployment={deployment} inferenceUrl={inferenceUrl} onSent={() => setRevision((value) => value + 1)} />
        <PredictionsTable name={deployment.name} revision={revision} />
      </div>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${deployment.name}?`}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          const failure = await remove(deployment.name);
          if (!failure) {
            showSuccessToast(`Deleted ${deployment.name}`);
            navigate(deploymentsHref);
          }
          return failure;
        }}
      >
        <p>Its endpoints stop answering at once. The model versions stay in the registry.</p>
      </ConfirmDialog>
    </div>
  );
}
