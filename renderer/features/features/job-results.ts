// What the historical and materialize jobs return (HistoricalJobResult, MaterializeJobResult),
// read defensively from the job record, and the UTC window the materialize form sends.
import type { HistoricalCell, HistoricalJobResult, MaterializeJobResult, MaterializeResult } from '../../../core/api/features-contract';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface TrainingSetOutcome {
  rowCount: number;
  columns: string[];
  preview: HistoricalCell[][];
  repoVersion: number | null;
  /** The saved dataset version; null for a preview-only retrieval. */
  dataset: { name: string; version: number; created: boolean } | null;
}

export function trainingSetOutcome(result: Record<string, unknown> | null): TrainingSetOutcome | null {
  if (!result || typeof result.row_count !== 'number') return null;
  const typed = result as unknown as Partial<HistoricalJobResult>;
  const saved = isRecord(typed.dataset) && isRecord(typed.dataset.version) ? typed.dataset : null;
  return {
    rowCount: result.row_count,
    columns: Array.isArray(typed.columns) ? typed.columns.map((column) => column.name) : [],
    preview: Array.isArray(typed.preview) ? typed.preview : [],
    repoVersion: typeof typed.repo_version === 'number' ? typed.repo_version : null,
    dataset: saved ? { name: saved.version.name, version: saved.version.version, created: saved.created } : null,
  };
}

export function materializeOutcome(result: Record<string, unknown> | null): MaterializeResult[] | null {
  const views = (result as Partial<MaterializeJobResult> | null)?.views;
  return Array.isArray(views) ? views.filter((view) => isRecord(view) && typeof view.feature_view === 'string') : null;
}

/** Totals over views, for the one-line summary. */
export function materializeTotals(views: readonly MaterializeResult[]): { scanned: number; written: number; skipped: number } {
  return views.reduce((total, view) => ({ scanned: total.scanned + view.rows_scanned, written: total.written + view.keys_written, skipped: total.skipped + view.keys_skipped_older }), {
    scanned: 0,
    written: 0,
    skipped: 0,
  });
}

/**
 * A datetime-local value (`2024-06-01T12:00`, seconds optional) read as UTC, as the form says:
 * the core takes ISO 8601 and a trailing Z keeps the browser's zone out of it. Null when invalid.
 */
export function utcFromLocalInput(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}${match[3] ?? ':00'}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** The inverse, for prefilling: epoch ms → `YYYY-MM-DDTHH:mm` in UTC. */
export function localInputFromEpoch(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16);
}

/** `2024-06-01 12:00:00 UTC`: window bounds and event times read the same everywhere on the page. */
export function formatUtc(value: number | string): string {
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time)) return String(value);
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Where the sample project puts the churn feature repo, with the workspace's own separator so
 * a Windows path stays one.
 */
export function sampleRepoPath(workspace: string): string {
  const separator = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  const base = workspace.endsWith(separator) ? workspace.slice(0, -1) : workspace;
  return [base, 'samples', 'churn', 'feature_repo'].join(separator);
}
