import { create } from 'zustand';
import type { InfoResponse } from '../../core/api/contract';
import { ApiError } from '../api/api-error';
import { ApiClient } from '../api/client';
import { DatasetsApi } from '../api/datasets-api';
import { TrackingApi } from '../api/tracking-api';
import { TrainingApi } from '../api/training-api';
import type { CoreConnection, Host } from '../platform/host';
import { showErrorToast } from './toast-store';

export type SessionStatus = 'connecting' | 'ready' | 'unauthorized' | 'unreachable';

interface SessionState {
  status: SessionStatus;
  host: Host | null;
  connection: CoreConnection | null;
  info: InfoResponse | null;
  tracking: TrackingApi | null;
  datasets: DatasetsApi | null;
  training: TrainingApi | null;
  /** Why the session is not ready, in words for the connection screen. */
  problem: string | null;
  connect(host: Host): Promise<void>;
}

/** Every failed request surfaces once, as a toast with the envelope's message. */
function reportFailure(error: ApiError) {
  const title = error.status === 0 ? 'Core unreachable' : `Request failed (${error.status})`;
  showErrorToast(title, error.message);
}

export const useSessionStore = create<SessionState>((set) => ({
  status: 'connecting',
  host: null,
  connection: null,
  info: null,
  tracking: null,
  datasets: null,
  training: null,
  problem: null,
  async connect(host) {
    set({ status: 'connecting', host, problem: null });
    let connection: CoreConnection;
    try {
      connection = await host.getCoreConnection();
    } catch (error) {
      set({ status: 'unauthorized', problem: error instanceof Error ? error.message : String(error) });
      return;
    }
    const client = new ApiClient(connection, reportFailure);
    const tracking = new TrackingApi(client);
    try {
      // The connection screen explains a failure here, so no toast as well.
      const info = await tracking.info({ handledInline: () => true });
      set({ status: 'ready', connection, tracking, datasets: new DatasetsApi(client), training: new TrainingApi(client), info });
    } catch (error) {
      const unauthorized = error instanceof ApiError && error.status === 401;
      set({
        status: unauthorized ? 'unauthorized' : 'unreachable',
        connection,
        problem: error instanceof Error ? error.message : String(error),
      });
    }
  },
}));

/** For stores and event handlers, which only run once the session is ready. */
export function requireTracking(): TrackingApi {
  const { tracking } = useSessionStore.getState();
  if (!tracking) throw new Error('Not connected to the core yet.');
  return tracking;
}

export function requireDatasets(): DatasetsApi {
  const { datasets } = useSessionStore.getState();
  if (!datasets) throw new Error('Not connected to the core yet.');
  return datasets;
}

export function requireTraining(): TrainingApi {
  const { training } = useSessionStore.getState();
  if (!training) throw new Error('Not connected to the core yet.');
  return training;
}

export function requireHost(): Host {
  const { host } = useSessionStore.getState();
  if (!host) throw new Error('The host is not initialised yet.');
  return host;
}
