import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../../../core/api/monitoring-contract';
import { AlertNotifier, notificationOf } from './alert-notifier';

function alert(id: number, status: AlertSummary['status'] = 'open', kind: AlertSummary['kind'] = 'drift'): AlertSummary {
  return {
    id,
    monitor_id: 'm1',
    deployment: 'churn-api',
    kind,
    status,
    message: `alert ${id}`,
    details: {},
    monitor_run_id: null,
    created_time: id,
    acknowledged_time: null,
    acknowledged_by: null,
    resolved_time: null,
    retrain_run_id: null,
    retrain_error: null,
    webhooks: [],
  };
}

describe('AlertNotifier', () => {
  it('announces each alert that opens while the app is open, once, and not those open at start', () => {
    const notifier = new AlertNotifier();
    expect(notifier.newOpen([alert(1), alert(2, 'acknowledged')])).toEqual([]);
    expect(notifier.newOpen([alert(1), alert(2, 'acknowledged'), alert(3)]).map((entry) => entry.id)).toEqual([3]);
    expect(notifier.newOpen([alert(1), alert(3)])).toEqual([]);
    // Acknowledged or resolved before the poll saw it: nothing to announce.
    expect(notifier.newOpen([alert(4, 'resolved'), alert(5, 'acknowledged')]).map((entry) => entry.id)).toEqual([]);
    expect(notifier.newOpen([alert(6, 'open', 'degraded')]).map((entry) => entry.id)).toEqual([6]);
  });

  it('titles the notification by kind and deployment, with the alert message as its body', () => {
    expect(notificationOf(alert(7))).toEqual({ title: 'Drift on churn-api', body: 'alert 7' });
    expect(notificationOf(alert(8, 'open', 'degraded'))).toEqual({ title: 'Model degradation on churn-api', body: 'alert 8' });
  });
});
