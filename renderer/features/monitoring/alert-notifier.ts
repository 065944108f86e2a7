// Desktop (or browser) notifications for monitoring alerts while the app is open: the shell polls
// /api/alerts and notifies once per alert that appeared open since the app started. Alerts open
// when the app started are not announced again: the Monitoring page lists them.
import { useEffect } from 'react';
import type { AlertSummary } from '../../../core/api/monitoring-contract';
import type { Host } from '../../platform/host';
import { requireMonitoring } from '../../stores/monitoring-store';
import { requireHost } from '../../stores/session-store';

export const alertPollMs = 15_000;

/** Remembers every alert id seen; `newOpen` answers the open alerts not seen before (none on the first call). */
export class AlertNotifier {
  private readonly seen = new Set<number>();
  private primed = false;

  newOpen(alerts: readonly AlertSummary[]): AlertSummary[] {
    const fresh = alerts.filter((alert) => !this.seen.has(alert.id) && alert.status === 'open');
    for (const alert of alerts) this.seen.add(alert.id);
    if (!this.primed) {
      this.primed = true;
      return [];
    }
    return fresh;
  }
}

const kindTitles: Record<AlertSummary['kind'], string> = { drift: 'Drift', degraded: 'Model degradation' };

export function notificationOf(alert: AlertSummary): { title: string; body: string } {
  return { title: `${kindTitles[alert.kind]} on ${alert.deployment}`, body: alert.message };
}

/** Polls while mounted; a failed poll is quiet (the next one retries) rather than a toast every 15 s. */
export function useAlertNotifications(intervalMs = alertPollMs): void {
  useEffect(() => {
    const notifier = new AlertNotifier();
    const controller = new AbortController();
    let host: Host;
    try {
      host = requireHost();
    } catch {
      return undefined;
    }
    const poll = async () => {
      try {
        const { alerts } = await requireMonitoring().alerts({ signal: controller.signal, handledInline: () => true });
        for (const alert of notifier.newOpen(alerts)) {
          const { title, body } = notificationOf(alert);
          host.notify(title, body);
        }
      } catch {
        // Offline or not yet connected: the next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), intervalMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [intervalMs]);
}
