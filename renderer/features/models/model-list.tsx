import type { ApprovalState, ModelSummary } from '../../../core/api/registry-contract';
import { useModelsStore } from '../../stores/models-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SidebarLink, SidebarList } from '../../ui/sidebar-list';
import { releaseFocusAfterClick } from '../shell/keyboard';
import { approvalLabels } from './approval-badge';
import { modelHref, remotesHref } from './model-hrefs';
import { useModelImport } from './model-dropzone';
import { ImportButton } from '../../ui/import-button';

/** The states worth a glance in the list, most urgent first; the rest are in the versions table. */
const listedApprovals: readonly ApprovalState[] = ['pending_review', 'checking', 'rejected', 'approved'];

export function ModelList({ models, activeName }: { models: readonly ModelSummary[]; activeName: string | null }) {
  const { pickAndImport } = useModelImport();
  const importing = useModelsStore((state) => state.importing);
  const sorted = [...models].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <SidebarList
      title="Models"
      action={
        <>
          <a className="button button-small" href={remotesHref} data-testid="remotes-link" title="Shared buckets and team registries: push, pull and what the team has">
            Remotes
          </a>
          <ImportButton onClick={() => void pickAndImport()} disabled={importing !== null} testId="model-import-button" title="Import an ONNX file (or drop it anywhere on this page)" />
        </>
      }
      items={sorted}
      keyOf={(model) => model.name}
      nameOf={(model) => model.name}
      searchPlaceholder="Find a model"
      noun="model"
      renderItem={(model) => (
        <SidebarLink
          className="model-item"
          href={modelHref(model.name)}
          current={model.name === activeName}
          data-testid="model-item"
          data-model={model.name}
          title={model.name}
          onClick={releaseFocusAfterClick}
        >
          <span className="model-item-name truncate">{model.name}</span>
          <span className="model-item-meta faint numeric">
            {formatCount(model.version_count)} {model.version_count === 1 ? 'version' : 'versions'}
          </span>
          <span className="model-item-chips">
            {Object.entries(model.aliases)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([alias, version]) => (
                <span key={alias} className="alias-chip" title={`${alias} → v${version}`}>
                  @{alias} <span className="faint">v{version}</span>
                </span>
              ))}
            {listedApprovals.map((state) => {
              const count = model.approvals[state] ?? 0;
              return count > 0 ? (
                <span key={state} className={`approval-count approval-${state}`} title={`${count} ${approvalLabels[state].toLowerCase()}`}>
                  <span className="badge-dot" />
                  {count} {approvalLabels[state].toLowerCase()}
                </span>
              ) : null;
            })}
          </span>
        </SidebarLink>
      )}
      footer={
        <p className="model-list-hint faint">
          <Icon name="upload" size={12} /> Drop .onnx files anywhere here
        </p>
      }
    />
  );
}
