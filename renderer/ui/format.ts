// Number, time and size formatting shared by tables, headers and charts.

const groupedInteger = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return groupedInteger.format(value);
}

/** Six significant digits, exponent form for very large or very small magnitudes. */
export function formatMetric(value: number | null): string {
  if (value === null) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9 || magnitude < 1e-4) {
    return value.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  }
  return String(Number(value.toPrecision(6)));
}

export function formatDuration(milliseconds: number | null): string {
  if (milliseconds === null || !Number.isFinite(milliseconds) || milliseconds < 0) return '—';
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const totalSeconds = Math.round(milliseconds / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours === 0) return seconds === 0 ? `${minutes}m` : `${minutes}m ${seconds}s`;
  if (hours < 48) return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** How long a run took, or has been running so far. */
export function runDuration(run: { start_time: number; end_time: number | null; status: string }, now: number): number | null {
  if (!run.start_time) return null;
  if (run.end_time) return run.end_time - run.start_time;
  return run.status === 'RUNNING' ? now - run.start_time : null;
}

const monthDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const monthDayYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const fullDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });

/** Compact age for tables ("4m ago", "Mar 3"); the full timestamp goes in a title. */
export function formatRelativeTime(timestamp: number, now: number): string {
  if (!timestamp) return '—';
  const seconds = Math.round((now - timestamp) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  if (seconds < 7 * 86_400) return `${Math.round(seconds / 86_400)}d ago`;
  const date = new Date(timestamp);
  return date.getFullYear() === new Date(now).getFullYear() ? monthDay.format(date) : monthDayYear.format(date);
}

export function formatTimestamp(timestamp: number | null): string {
  return timestamp ? fullDate.format(new Date(timestamp)) : '—';
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function shortRunId(runId: string): string {
  return runId.slice(0, 8);
}
