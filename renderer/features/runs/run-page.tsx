import { useEffect } from 'react';
import { useRunDetailStore } from '../../stores/run-detail-store';
import { EmptyState } from '../../ui/empty-state';
import { KeyValueTable } from '../../ui/key-value-table';
import { PageSpinner } from '../../ui/page-states';
import type { PageProps } from '../shell/page-props';
import { ArtifactBrowser } from './artifact-browser';
import { EvaluationSection } from './evaluation-section';
import { RunHeader } from './run-header';
import { RunMetrics } from './run-metrics';
import '../../styles/detail-page.css';
import './run-page.css';
import './evaluation.css';

/** Tags MLflow and the workbench write for their own bookkeeping; shown apart from the user's. */
const isSystemTag = (key: string) => key.startsWith('mlflow.') || key.startsWith('mlwb.');

export function RunPage({ params }: PageProps) {
  const runId = params.runId;
  const detail = useRunDetailStore((state) => state.details[runId]);
  const failure = useRunDetailStore((state) => state.failures[runId]);
  const refresh = useRunDetailStore((state) => state.refresh);

  useEffect(() => {
    void refresh(runId);
  }, [runId, refresh]);

  if (!detail) {
    return failure ? (
      <div className="page-center">
        <EmptyState icon="search" title="Run not found">
          {failure}
        </EmptyState>
      </div>
    ) : (
      <PageSpinner />
    );
  }

  const { run, metrics, inputs } = detail;
  const tags = Object.entries(run.tags);
  const userTags = tags.filter(([key]) => !isSystemTag(key));
  const systemTags = tags.filter(([key]) => isSystemTag(key));

  return (
    <div className="detail-page" data-testid="run-page">
      <RunHeader detail={detail} />
      <EvaluationSection key={run.run_id} detail={detail} />
      <div className="run-grid">
        <section className="card run-metrics-card">
          <div className="card-header">
            <h2>Metrics</h2>
            <span className="faint numeric">{metrics.length}</span>
          </div>
          <RunMetrics runId={run.run_id} metrics={metrics} />
        </section>
        <div className="run-side">
          <section className="card">
            <div className="card-header">
              <h2>Parameters</h2>
              <span className="faint numeric">{Object.keys(run.params).length}</span>
            </div>
            <KeyValueTable entries={Object.entries(run.params)} emptyText="No parameters logged." testId="params-table" />
          </section>
          <section className="card">
            <div className="card-header">
              <h2>Tags</h2>
              <span className="faint numeric">{userTags.length}</span>
            </div>
            <KeyValueTable entries={userTags} emptyText="No tags set." testId="tags-table" />
            {systemTags.length > 0 && (
              <details className="system-tags">
                <summary>
                  System tags <span className="faint">{systemTags.length}</span>
                </summary>
                <KeyValueTable entries={systemTags} emptyText="" />
              </details>
            )}
          </section>
          {inputs.length > 0 && (
            <section className="card">
              <div className="card-header">
                <h2>Datasets</h2>
                <span className="faint numeric">{inputs.length}</span>
              </div>
              <table className="data-table card-table">
                <tbody>
                  {inputs.map((input) => (
                    <tr key={`${input.name}:${input.digest}:${input.context ?? ''}`}>
                      <td>
                        <div>{input.name}</div>
                        <div className="faint mono truncate" title={input.source}>
                          {input.source_type}: {input.source}
                        </div>
                      </td>
                      <td className="muted">{input.context ?? ''}</td>
                      <td className="mono faint" title={input.digest}>
                        {input.digest.slice(0, 10)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      </div>
      <section className="card">
        <div className="card-header">
          <h2>Artifacts</h2>
        </div>
        <ArtifactBrowser runId={run.run_id} />
      </section>
    </div>
  );
}
