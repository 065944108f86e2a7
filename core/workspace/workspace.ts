import { mkdir } from 'node:fs/promises';
import { ArtifactStore } from './artifact-store.js';
import { openDatabase, type Sqlite } from './database.js';
import { resolveIdentity } from './identity.js';
import { workspacePaths, type WorkspacePaths } from './paths.js';
import { PlannerStatistics } from './planner-statistics.js';
import { WorkerPool } from '../workers/pool.js';

export interface Workspace {
  paths: WorkspacePaths;
  db: Sqlite;
  artifacts: ArtifactStore;
  pool: WorkerPool;
  statistics: PlannerStatistics;
  /** The person acting in this process (CLI user, or the owner of the server's token). */
  user: string;
  close(): Promise<void>;
}

export async function openWorkspace(root: string, options: { user?: string; poolSize?: number } = {}): Promise<Workspace> {
  const paths = workspacePaths(root);
  await mkdir(paths.root, { recursive: true });
  const db = openDatabase(paths.database);
  const pool = new WorkerPool(options.poolSize);
  const artifacts = new ArtifactStore(paths.artifacts, pool);
  try {
    await artifacts.init();
  } catch (error) {
    db.close();
    throw error;
  }
  const user = resolveIdentity(db, options.user);
  ensureDefaultExperiment(db, user);
  let closed = false;
  return {
    paths,
    db,
    artifacts,
    pool,
    statistics: new PlannerStatistics(db),
    user,
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
      db.close();
    },
  };
}

/** MLflow clients log to experiment "0" unless told otherwise, so it must always exist. */
function ensureDefaultExperiment(db: Sqlite, user: string): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time, created_by)
     VALUES (0, 'Default', 'mlflow-artifacts:/0', ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(now, now, user);
}
