import { useDeploymentsStore } from '../../stores/deployments-store';
import { Icon } from '../../ui/icons';
import { CreateDeploymentDialog } from './create-deployment-dialog';
import './deployments.css';

/** "Deploy" on a version's page: the create dialog with this model and version picked. */
export function DeployButton({ model, version }: { model: string; version: number }) {
  const openCreate = useDeploymentsStore((state) => state.openCreate);
  const load = useDeploymentsStore((state) => state.load);
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="deploy-version-button"
        title="Serve this version on the inference port"
        onClick={() => {
          // The dialog checks the name against existing deployments.
          void load();
          openCreate({ model, version });
        }}
      >
        <Icon name="rocket" size={14} />
        Deploy
      </button>
      <CreateDeploymentDialog />
    </>
  );
}
