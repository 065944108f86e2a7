import { useEffect } from 'react';
import type { RunDetailResponse } from '../../../core/api/contract';
import { useExperimentsStore } from '../../stores/experiments-store';
import { useRunDetailStore } from '../../stores/run-detail-store';
import { CopyButton } from '../../ui/copy-button';
import { formatDuration, formatTimestamp, runDuration, shortRunId } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { StatusBadge } from '../../ui/status-badge';
import { RegisterModelButton } from '../models/register-model-dialog';
import { experimentHref, runHref } from '../shell/hash-route';

export function RunHeader({ detail }: { detail: RunDetailResponse }) {
  const { run, children } = detail;
  const experiments = useExperimentsStore((state) => state.experiments);
  const loadExperiments = useExperimentsStore((state) => state.load);
  const parent = useRunDetailStore((state) => (run.parent_run_id ? state.details[run.parent_run_id] : undefined));
  const ensure = useRunDetailStore((state) => state.ensure);

  useEffect(() => {
    if (experiments.length === 0) void loadExperiments();
  }, [experiments.length, loadExperiments]);
  useEffect(() => {
    if (run.parent_run_id) ensure([run.parent_run_id]);
  }, [run.parent_run_id, ensure]);

  const experimentName = experiments.find((experiment) => experiment.experiment_id === run.experiment_id)?.name ?? `Experiment ${run.experiment_id}`;
  const parentName = run.parent_run_id ? parent?.run.run_name || shortRunId(run.parent_run_id) : null;

  return (
    <header className="detail-header">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href={experimentHref(run.experiment_id)}>{experimentName}</a>
        <Icon name="chevronRight" size={12} />
        {run.parent_run_id && (
          <>
            <a href={runHref(run.parent_run_id)}>{parentName}</a>
            <Icon name="chevronRight" size={12} />
          </>
        )}
        <span className="truncate">{run.run_name || shortRunId(run.run_id)}</span>
      </nav>
      <div className="detail-title">
        <h1 data-testid="run-name">{run.run_name || shortRunId(run.run_id)}</h1>
        <StatusBadge status={run.status} />
        <RegisterModelButton run={run} experimentName={experiments.find((experiment) => experiment.experiment_id === run.experiment_id)?.name ?? null} />
      </div>
      <dl className="detail-facts">
        <div>
          <dt>Run ID</dt>
          <dd className="mono">
            {run.run_id}
            <CopyButton text={run.run_id} label="Copy" />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTimestamp(run.start_time)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="numeric">{formatDuration(runDuration(run, Date.now()))}</dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{run.user_id || '—'}</dd>
        </div>
        {run.parent_run_id && (
          <div>
            <dt>Parent</dt>
            <dd>
              <a className="link" href={runHref(run.parent_run_id)} data-testid="parent-link">
                {parentName}
              </a>
            </dd>
          </div>
        )}
        {children.length > 0 && (
          <div className="run-children">
            <dt>Child runs</dt>
            <dd>
              {children.map((child) => (
                <a key={child.run_id} className="child-chip" href={runHref(child.run_id)} data-status={child.status}>
                  <span className={`status-dot status-${child.status.toLowerCase()}`} />
                  {child.run_name || shortRunId(child.run_id)}
                </a>
              ))}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
