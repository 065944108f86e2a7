import { useEffect, useState } from 'react';
import type { MonitorSummary, WebhookDelivery } from '../../../core/api/monitoring-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { requireMonitoring, useMonitoringStore } from '../../stores/monitoring-store';
import { Dialog } from '../../ui/dialog';

const rulePattern = /^\s*(accuracy|precision|recall|f1|auc)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/i;

function referenceText(monitor: MonitorSummary | null): string {
  if (!monitor?.reference) return '';
  return monitor.reference.version ? `${monitor.reference.dataset}:${monitor.reference.version}` : monitor.reference.dataset;
}

/** Create or edit a deployment's monitor: schedule, window, reference, degradation rule and a webhook with a Test button. */
export function MonitorDialog() {
  const editing = useMonitoringStore((state) => state.editing);
  const close = useMonitoringStore((state) => state.closeDialog);
  const save = useMonitoringStore((state) => state.save);
  const deployments = useDeploymentsStore((state) => state.deployments);
  const loadDeployments = useDeploymentsStore((state) => state.load);
  const existing = editing && editing !== 'new' ? editing : null;
  const [deployment, setDeployment] = useState('');
  const [interval, setInterval_] = useState('60');
  const [window, setWindow] = useState('3600');
  const [reference, setReference] = useState('');
  const [rule, setRule] = useState('');
  const [webhook, setWebhook] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<WebhookDelivery[] | string | null>(null);

  useEffect(() => {
    if (!editing) return;
    if (editing === 'new') void loadDeployments();
    setDeployment(existing?.deployment ?? '');
    setInterval_(String(existing?.interval_seconds ?? 60));
    setWindow(String(existing?.window_seconds ?? 3600));
    setReference(referenceText(existing));
    setRule(existing?.degraded ? `${existing.degraded.metric}${existing.degraded.operator}${existing.degraded.value}` : '');
    setWebhook(existing?.webhooks[0] ?? '');
    setError(null);
    setTestResult(null);
  }, [editing, existing, loadDeployments]);

  const submit = async () => {
    const match = rule.trim() === '' ? null : rulePattern.exec(rule);
    if (rule.trim() !== '' && !match) return setError('The degradation rule reads like "accuracy < 0.85" (accuracy, precision, recall, f1 or auc).');
    const [dataset, version] = reference.trim() === '' ? [] : reference.trim().split(':');
    const settings = {
      interval_seconds: Number(interval),
      window_seconds: Number(window),
      reference: dataset ? { dataset, ...(version ? { version: Number(version.replace(/^v/, '')) } : {}) } : null,
      degraded: match ? { metric: match[1].toLowerCase() as 'accuracy', operator: match[2] as '<', value: Number(match[3]) } : null,
      webhooks: webhook.trim() ? [webhook.trim()] : [],
    };
    const failure = existing ? await save({ id: existing.id, ...settings }) : await save({ deployment, ...settings });
    setError(failure);
  };

  return (
    <Dialog open={editing !== null} title={existing ? `Monitor of ${existing.deployment}` : 'Create monitor'} onClose={close} testId="monitor-dialog">
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {!existing && (
          <label>
            Deployment
            <select value={deployment} onChange={(event) => setDeployment(event.target.value)} data-autofocus required name="deployment">
              <option value="">Choose a deployment…</option>
              {deployments.map((entry) => (
                <option key={entry.name} value={entry.name}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Interval (seconds)
          <input type="number" min={5} value={interval} onChange={(event) => setInterval_(event.target.value)} name="interval" />
        </label>
        <label>
          Window (seconds)
          <input type="number" min={10} value={window} onChange={(event) => setWindow(event.target.value)} name="window" />
        </label>
        <label>
          Reference dataset
          <input placeholder="training data from lineage, or NAME[:VERSION]" value={reference} onChange={(event) => setReference(event.target.value)} name="reference" />
        </label>
        <label>
          Degraded when
          <input placeholder="accuracy < 0.85" value={rule} onChange={(event) => setRule(event.target.value)} name="degraded" />
        </label>
        <label>
          Webhook
          <span className="input-with-button">
            <input type="url" placeholder="https://hooks.slack.com/services/…" value={webhook} onChange={(event) => setWebhook(event.target.value)} name="webhook" />
            <button
              type="button"
              className="button"
              data-testid="webhook-test-button"
              disabled={!existing || webhook.trim() === ''}
              title={existing ? 'Send a sample alert' : 'Save the monitor first'}
              onClick={async () => {
                try {
                  setTestResult((await requireMonitoring().testWebhooks(existing!.id, [webhook.trim()])).deliveries);
                } catch (failure) {
                  setTestResult(failure instanceof Error ? failure.message : String(failure));
                }
              }}
            >
              Test
            </button>
          </span>
        </label>
        {testResult !== null && (
          <p className="muted" data-testid="webhook-test-result">
            {typeof testResult === 'string' ? testResult : testResult.map((delivery) => (delivery.delivered ? `Delivered (HTTP ${delivery.status}).` : `Not delivered: ${delivery.error}`)).join(' ')}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" data-testid="monitor-submit">
            {existing ? 'Save' : 'Create monitor'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
