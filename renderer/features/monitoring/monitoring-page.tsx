import type { PageProps } from '../shell/page-props';
import { useMonitoringStore } from '../../stores/monitoring-store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { CommandBlock } from '../../ui/command-block';
import { useVisiblePolling } from '../deployments/use-visible-polling';
import { AlertList } from './alert-list';
import { CompareDatasets } from './compare-datasets';
import { MonitorCard } from './monitor-card';
import { MonitorDialog } from './monitor-dialog';
import '../../styles/detail-page.css';
import './monitoring.css';

/** Monitors run on their own schedule in the core; the page re-reads them so new runs and alerts appear. */
const pollInterval = 5000;

/** Routes: #/monitoring (every monitor) and #/monitoring/:deployment (one). */
export function MonitoringPage({ params }: PageProps) {
  const status = useMonitoringStore((state) => state.status);
  const monitors = useMonitoringStore((state) => state.monitors);
  const alerts = useMonitoringStore((state) => state.alerts);
  const load = useMonitoringStore((state) => state.load);
  const openDialog = useMonitoringStore((state) => state.openDialog);
  useVisiblePolling(() => load(), pollInterval, [load]);
  const shown = params.deployment ? monitors.filter((monitor) => monitor.deployment === params.deployment) : monitors;

  let main;
  if (status === 'idle' || status === 'loading') main = <PageSpinner />;
  else if (status === 'failed') main = <PageLoadFailed title="Could not load the monitors" onRetry={() => void load()} />;
  else
    main = (
      <>
        {shown.length === 0 ? (
          <EmptyState icon="chart" title="Watch a deployment">
            <p>A monitor compares a deployment's recent predictions with its training data on a schedule, scores the model once feedback labels arrive, and raises an alert on drift or degradation.</p>
            <CommandBlock text='mlwb monitors create churn --interval 60 --window 3600 --degraded "accuracy<0.85"' />
          </EmptyState>
        ) : (
          shown.map((monitor) => <MonitorCard key={monitor.id} monitor={monitor} />)
        )}
        <section>
          <h2>Alerts</h2>
          <AlertList alerts={params.deployment ? alerts.filter((alert) => alert.deployment === params.deployment) : alerts} />
        </section>
        <CompareDatasets />
      </>
    );

  return (
    <div className="detail-page monitoring-page" data-testid="monitoring-page">
      <header className="detail-header">
        <div className="detail-title">
          <h1>Monitoring</h1>
          <div className="detail-actions">
            <button type="button" className="button button-primary" onClick={() => openDialog('new')} data-testid="create-monitor-button">
              <Icon name="plus" size={14} />
              Create monitor
            </button>
          </div>
        </div>
      </header>
      {main}
      <MonitorDialog />
    </div>
  );
}
