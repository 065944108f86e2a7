// Worker-pool tasks of the tree learners (registered in core/workers/tasks.ts).
import { buildForestTrees, type ForestJob, type ForestJobResult } from './forest.js';
import { serveTeam } from './team.js';
import type { TeamState } from './team-state.js';

/** A histogram helper for one boosting run: serves the team's jobs until it stops. */
export async function treeTeam(state: TeamState): Promise<{ chunks: number }> {
  return serveTeam(state);
}

/** A forest helper: builds trees from the shared counter until none is left. */
export async function forestTrees(job: ForestJob): Promise<ForestJobResult> {
  return buildForestTrees(job, true);
}
