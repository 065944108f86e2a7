import { create } from 'zustand';
import type { AlertSummary, CreateMonitorRequest, DriftReportResponse, MonitorRunSummary, MonitorSummary, UpdateMonitorRequest } from '../../core/api/monitoring-contract';
import { MonitoringApi } from '../api/monitoring-api';
import { requireTracking } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

let api: MonitoringApi | null = null;

/** The monitoring routes share the session's client, built on first use. */
export function requireMonitoring(): MonitoringApi {
  const { client } = requireTracking();
  if (api?.client !== client) api = new MonitoringApi(client);
  return api;
}

/** Bad input is explained next to the control that sent it. */
const inline = { handledInline: (error: { status: number }) => error.status >= 400 && error.status < 500 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface MonitoringState {
  status: LoadStatus;
  monitors: MonitorSummary[];
  alerts: AlertSummary[];
  runs: Record<string, MonitorRunSummary[]>;
  /** The latest full report per monitor id. */
  reports: Record<string, DriftReportResponse>;
  load(): Promise<void>;
  loadRuns(monitorId: string): Promise<void>;
  runNow(monitorId: string): Promise<string | null>;
  acknowledge(alertId: number): Promise<string | null>;
  /** The dialog: null closed, 'new' to create, or the monitor being edited. */
  editing: MonitorSummary | 'new' | null;
  openDialog(monitor: MonitorSummary | 'new'): void;
  closeDialog(): void;
  save(request: CreateMonitorRequest | (UpdateMonitorRequest & { id: string })): Promise<string | null>;
}

export const useMonitoringStore = create<MonitoringState>((set, get) => {
  const replace = (monitor: MonitorSummary) =>
    set((state) => ({ monitors: state.monitors.some((entry) => entry.id === monitor.id) ? state.monitors.map((entry) => (entry.id === monitor.id ? monitor : entry)) : [...state.monitors, monitor] }));
  return {
    status: 'idle',
    monitors: [],
    alerts: [],
    runs: {},
    reports: {},
    editing: null,
    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const [{ monitors }, { alerts }] = await Promise.all([requireMonitoring().monitors(), requireMonitoring().alerts()]);
        set({ monitors, alerts, status: 'ready' });
      } catch {
        if (get().status !== 'ready') set({ status: 'failed' });
      }
    },
    async loadRuns(monitorId) {
      const { runs } = await requireMonitoring().runs(monitorId);
      set((state) => ({ runs: { ...state.runs, [monitorId]: runs } }));
      const latest = [...runs].reverse().find((run) => run.report_id !== null);
      if (latest && get().reports[monitorId]?.id !== latest.report_id) {
        const report = await requireMonitoring().report(latest.report_id!);
        set((state) => ({ reports: { ...state.reports, [monitorId]: report } }));
      }
    },
    async runNow(monitorId) {
      try {
        await requireMonitoring().run(monitorId, inline);
        await Promise.all([get().load(), get().loadRuns(monitorId)]);
        return null;
      } catch (error) {
        return messageOf(error);
      }
    },
    async acknowledge(alertId) {
      try {
        const { alert } = await requireMonitoring().acknowledge(alertId, inline);
        set((state) => ({ alerts: state.alerts.map((entry) => (entry.id === alert.id ? alert : entry)) }));
        void get().load();
        return null;
      } catch (error) {
        return messageOf(error);
      }
    },
    openDialog: (monitor) => set({ editing: monitor }),
    closeDialog: () => set({ editing: null }),
    async save(request) {
      try {
        const { monitor } = 'id' in request ? await requireMonitoring().update(request.id, withoutId(request), inline) : await requireMonitoring().create(request, inline);
        replace(monitor);
        set({ editing: null });
        return null;
      } catch (error) {
        return messageOf(error);
      }
    },
  };
});

function withoutId(request: UpdateMonitorRequest & { id: string }): UpdateMonitorRequest {
  const { id: _id, ...rest } = request;
  return rest;
}
