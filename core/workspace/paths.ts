import os from 'node:os';
import path from 'node:path';

/** Where a workspace lives when neither `--workspace` nor `MLWB_HOME` says otherwise. */
export function defaultWorkspaceDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'ML Workbench');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'ML Workbench');
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'ml-workbench');
}

export function resolveWorkspaceDir(explicit?: string, env = process.env): string {
  return path.resolve(explicit || env.MLWB_HOME || defaultWorkspaceDir(process.platform, env));
}

export interface WorkspacePaths {
  root: string;
  database: string;
  artifacts: string;
  serverInfo: string;
  samples: string;
}

export function workspacePaths(root: string): WorkspacePaths {
  return {
    root,
    database: path.join(root, 'workbench.db'),
    artifacts: path.join(root, 'artifacts'),
    serverInfo: path.join(root, 'server.json'),
    samples: path.join(root, 'samples'),
  };
}
