import type { AlertSummary } from '../../../core/api/monitoring-contract';
import { useMonitoringStore } from '../../stores/monitoring-store';
import { showErrorToast } from '../../stores/toast-store';
import { formatTimestamp } from '../../ui/format';

/** Alert history, newest first; open alerts can be acknowledged. */
export function AlertList({ alerts }: { alerts: AlertSummary[] }) {
  const acknowledge = useMonitoringStore((state) => state.acknowledge);
  if (alerts.length === 0) return <p className="muted">No alerts yet.</p>;
  return (
    <table className="data-table alert-table">
      <thead>
        <tr>
          <th>Raised</th>
          <th>Deployment</th>
          <th>Kind</th>
          <th>Message</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <tr key={alert.id} data-testid="alert-row" data-kind={alert.kind} data-status={alert.status}>
            <td>{formatTimestamp(alert.created_time)}</td>
            <td className="mono">{alert.deployment}</td>
            <td>{alert.kind === 'drift' ? 'Data drift' : 'Degraded'}</td>
            <td>
              {alert.message}
              {alert.retrain_run_id && (
                <>
                  {' '}
                  <a href={`#/runs/${alert.retrain_run_id}`}>Retraining run</a>
                </>
              )}
              {alert.retrain_error && <span className="muted"> Retraining failed: {alert.retrain_error}</span>}
            </td>
            <td>{alert.status === 'acknowledged' ? `Acknowledged by ${alert.acknowledged_by}` : alert.status === 'resolved' ? 'Cleared' : 'Open'}</td>
            <td>
              {alert.status === 'open' && (
                <button
                  type="button"
                  className="button"
                  data-testid="acknowledge-button"
                  onClick={async () => {
                    const failure = await acknowledge(alert.id);
                    if (failure) showErrorToast('Could not acknowledge the alert', failure);
                  }}
                >
                  Acknowledge
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
