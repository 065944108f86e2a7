import { SyncApi } from '../api/sync-api';
import { requireTracking } from './session-store';

let sync: SyncApi | null = null;

/** The sync routes share the session's client (its token and failure toasts), built on first use. */
export function requireSync(): SyncApi {
  const { client } = requireTracking();
  if (sync?.client !== client) sync = new SyncApi(client);
  return sync;
}
