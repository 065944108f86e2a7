import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { TrackingService } from '../tracking/service.js';
import { parseExperimentId } from '../tracking/experiments.js';

export async function withTracking<Result>(values: { workspace?: string; user?: string }, work: (tracking: TrackingService, workspace: Workspace) => Promise<Result> | Result): Promise<Result> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    return await work(new TrackingService(workspace), workspace);
  } finally {
    await workspace.close();
  }
}

/** An experiment given by ID or by name. */
export function resolveExperiment(tracking: TrackingService, reference: string): number {
  if (/^\d+$/.test(reference)) {
    try {
      return tracking.experiments.get(parseExperimentId(reference)).experiment_id;
    } catch {
      // a purely numeric name is still a name
    }
  }
  return tracking.experiments.getByName(reference).experiment_id;
}
