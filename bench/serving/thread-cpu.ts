// CPU time of a server process per thread, read from /proc (Linux): how many microseconds of CPU
// each request costs the main thread and the others (log writer, GC helpers). Unlike requests per
// second it barely moves when other work shares the machine, so it says where the budget goes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

export type ThreadTimes = Map<number, number>;

/** CPU seconds used so far by each thread of `pid`, or null where /proc is not available. */
export function threadTimes(pid: number): ThreadTimes | null {
  const folder = `/proc/${pid}/task`;
  if (!existsSync(folder)) return null;
  const times: ThreadTimes = new Map();
  for (const entry of readdirSync(folder)) {
    try {
      const stat = readFileSync(`${folder}/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return times;
}

/** "main 41.8, other threads 7.6 (largest 4.9)" µs per request between two readings. */
export function describePerRequest(pid: number, before: ThreadTimes | null, after: ThreadTimes | null, requests: number): string | null {
  if (!before || !after || requests <= 0) return null;
  const perRequest = (tid: number) => (((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) * 1e6) / requests;
  const main = perRequest(pid);
  const others = [...after.keys()].filter((tid) => tid !== pid).map(perRequest);
  const total = others.reduce((sum, value) => sum + value, 0);
  return `main thread ${main.toFixed(1)} µs, other threads ${total.toFixed(1)} µs (largest ${Math.max(0, ...others).toFixed(1)} µs) of CPU per request`;
}
