// How column statistics read in the schema table: numbers as numbers, datetimes as dates,
// booleans as true/false, with the missing share as a percentage.
import type { DatasetCell, DatasetColumnStats } from '../../../core/api/contract';
import { formatMetric } from '../../ui/format';

/** contract.ts uses the core's ColumnType without exporting it; the stats carry the same union. */
export type ColumnType = DatasetColumnStats['type'];

const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A datetime as UTC: the date alone at midnight, else date and time to the second. */
export function formatDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A statistic (min, max, mean, a bin edge) in the column's own terms; `compact` keeps datetimes to the day. */
export function formatColumnValue(value: number | null, type: ColumnType, options: { compact?: boolean } = {}): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (type === 'datetime') {
    if (!Number.isFinite(value)) return '—';
    return options.compact ? new Date(value).toISOString().slice(0, 10) : formatDateTime(value);
  }
  if (type === 'boolean' && (value === 0 || value === 1)) return value === 1 ? 'true' : 'false';
  return formatMetric(value);
}

/** The mean of a boolean column is its share of true values, which reads better as a percentage. */
export function formatMean(stats: DatasetColumnStats, options: { compact?: boolean } = {}): string {
  if (stats.mean === null) return '—';
  if (stats.type === 'boolean') return `${formatPercent(stats.mean)} true`;
  return formatColumnValue(stats.mean, stats.type, options);
}

export function missingShare(stats: Pick<DatasetColumnStats, 'count' | 'missing'>): number {
  const rows = stats.count + stats.missing;
  return rows === 0 ? 0 : stats.missing / rows;
}

/** 0 stays "0%", and a share too small to round above zero still says it is not none. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  if (share === 0) return '0%';
  const percent = share * 100;
  if (percent < 0.01) return '<0.01%';
  return `${twoDecimals.format(percent)}%`;
}

/** A preview cell as text; datetimes arrive as ISO strings and lose the noise of midnight. */
export function formatCell(cell: DatasetCell, type: ColumnType): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return String(cell);
  if (type === 'datetime') {
    const time = Date.parse(cell);
    return Number.isNaN(time) ? cell : formatDateTime(time);
  }
  return cell;
}

export const columnTypeLabels: Record<ColumnType, string> = {
  numeric: 'Numeric',
  categorical: 'Categorical',
  boolean: 'Boolean',
  datetime: 'Datetime',
  text: 'Text',
};
