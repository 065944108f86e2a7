// A feature view joined with its entities' keys and its source's columns: everything retrieval and
// materialization need, as plain data that crosses into a worker thread.
import { NotFoundError, ValidationError } from '../api/errors.js';
import { columnByName, type Column, type Table } from '../datasets/table.js';
import { viewFeatureNames, viewJoinKeys, type FeatureRepo } from './definitions.js';

export interface ViewSpec {
  name: string;
  /** Feast names of the join keys (P2). */
  joinKeys: string[];
  /** 0 = unlimited lookback. */
  ttlMs: number;
  timestampField: string;
  createdTimestampColumn?: string;
  /** source column → Feast name (P13). */
  fieldMapping: Record<string, string>;
  features: string[];
  online: boolean;
}

/** A view spec with the rows of its source, as read from the file or dataset. */
export interface ResolvedFeatureView extends ViewSpec {
  table: Table;
}

export function viewSpec(repo: FeatureRepo, viewName: string): ViewSpec {
  const view = repo.feature_views.find((candidate) => candidate.name === viewName);
  if (!view) throw new NotFoundError(`Feature view "${viewName}" does not exist`, { view: viewName });
  const source = repo.sources.find((candidate) => candidate.name === view.source);
  if (!source) throw new NotFoundError(`Feature view "${viewName}" uses unknown source "${view.source}"`, { view: viewName });
  return {
    name: view.name,
    joinKeys: viewJoinKeys(view, repo.entities),
    ttlMs: view.ttlMs,
    timestampField: source.timestamp_field,
    createdTimestampColumn: source.created_timestamp_column,
    fieldMapping: source.field_mapping ?? {},
    features: viewFeatureNames(view),
    online: view.online,
  };
}

/** The source column that carries Feast name `name`, after field_mapping (P13). */
export function sourceColumn(view: ResolvedFeatureView, name: string): Column {
  const mapped = Object.entries(view.fieldMapping).find(([, feastName]) => feastName === name)?.[0] ?? name;
  const column = columnByName(view.table, mapped);
  if (!column) {
    throw new ValidationError(`Feature view "${view.name}": its source has no column "${mapped}"${mapped === name ? '' : ` (mapped to "${name}")`}`, { view: view.name, column: mapped });
  }
  return column;
}

/** A datetime column of the source as epoch microseconds (P15), so µs-precise bounds compare exactly. */
export function sourceMicros(view: ResolvedFeatureView, name: string): Float64Array {
  const column = sourceColumn(view, name);
  if (column.type !== 'datetime') {
    throw new ValidationError(`Feature view "${view.name}": column "${column.name}" must hold timestamps, but was read as ${column.type}`, { view: view.name, column: column.name });
  }
  return toMicros(column.values);
}

/**
 * Table datetimes are epoch milliseconds; fractional milliseconds carry microseconds. Rounding to
 * whole microseconds keeps every comparison exact (epoch µs stay below 2^53 until year 2255).
 */
export function toMicros(milliseconds: Float64Array): Float64Array {
  const micros = new Float64Array(milliseconds.length);
  for (let row = 0; row < micros.length; row++) micros[row] = Math.round(milliseconds[row] * 1000);
  return micros;
}
