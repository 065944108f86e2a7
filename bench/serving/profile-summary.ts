// The hot spots of the core's main thread from its --cpu-prof profile: self time per function with
// its file:line, so a failed serving target points at code rather than at a number.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryRoot } from '../support/core-process.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  function: string;
  location: string;
  selfMs: number;
  /** Share of the thread's busy (non-idle) time. */
  percent: number;
}

/** The main thread's profile of process `pid` (Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
export function mainThreadProfile(directory: string, pid: number): string | null {
  const name = readdirSync(directory).find((file) => new RegExp(`\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(file));
  return name ? path.join(directory, name) : null;
}

const sources = new Map<string, string[]>();

/**
 * tsx strips whitespace, so the profile puts every function of a .ts file on line 1; a named
 * function is found again by its declaration in the source (anonymous ones keep the file only).
 */
function declarationLine(file: string, name: string): number | null {
  if (!name || name === '(anonymous)' || !/^[\w$]+$/.test(name)) return null;
  let lines = sources.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sources.set(file, lines);
  }
  const declaration = new RegExp(`(function\\s+${name}\\b|^\\s*(?:(?:private|public|static|async|get|set)\\s+)*${name}\\s*[(<]|\\b(?:const|let)\\s+${name}\\s*=)`);
  const index = lines.findIndex((line) => declaration.test(line));
  return index === -1 ? null : index + 1;
}

function shortLocation(url: string, line: number, name: string): string {
  if (!url) return '(native)';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const relative = file.startsWith(repositoryRoot) ? path.relative(repositoryRoot, file) : file;
  if (!file.endsWith('.ts')) return `${relative}:${line + 1}`;
  const declared = declarationLine(file, name);
  return declared === null ? `${relative} (anonymous)` : `${relative}:${declared}`;
}

/** Self time by function over the whole profile, idle time left out. */
export function hotSpots(file: string, top: number): { busyMs: number; spots: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { function: string; location: string; us: number }>();
  let busyUs = 0;
  profile.samples.forEach((id, index) => {
    // A sample stands for the time until the next one.
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    busyUs += delta;
    const location = shortLocation(url, lineNumber, functionName);
    const key = `${functionName}\u0000${location}`;
    const entry = self.get(key) ?? { function: functionName || '(anonymous)', location, us: 0 };
    entry.us += delta;
    self.set(key, entry);
  });
  const spots = [...self.values()]
    .sort((left, right) => right.us - left.us)
    .slice(0, top)
    .map((entry) => ({ function: entry.function, location: entry.location, selfMs: entry.us / 1000, percent: busyUs === 0 ? 0 : (100 * entry.us) / busyUs }));
  return { busyMs: busyUs / 1000, spots };
}
