// Runs the Python peers (bench/train/peers.py) on the files the benchmark wrote.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../support/core-process.js';

const run = promisify(execFile);
export const python = '/usr/bin/python3';

export interface PeerResult {
  seconds: number;
  auc: number;
  peer: string;
}

/** Why the peers cannot run here, or null when Debian's sklearn and xgboost import. */
export async function peersUnavailable(): Promise<string | null> {
  try {
    await run(python, ['-c', 'import sklearn, xgboost']);
    return null;
  } catch (error) {
    return `${python} cannot import sklearn and xgboost (apt install python3-sklearn python3-xgboost): ${(error as Error).message.split('\n')[0]}`;
  }
}

export async function runPeer(directory: string, which: 'gbdt' | 'forest' | 'lr', threads: number): Promise<PeerResult> {
  const script = path.join(repositoryRoot, 'bench', 'train', 'peers.py');
  const { stdout } = await run(python, [script, directory, which, String(threads)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PeerResult;
}
