import type { AttributeKey, ColumnChoice } from '../../stores/run-columns-store';
import { entityKey, type SortDirection } from './order-by';

export type ColumnKind = 'name' | 'attribute' | 'metric' | 'param' | 'tag';

export interface RunColumn {
  /** Unique across kinds: a param and a metric may share a key. */
  id: string;
  kind: ColumnKind;
  key: string;
  label: string;
  width: number;
  align: 'left' | 'right';
  /** The order_by key, or null where the server cannot sort (duration, parent). */
  sortKey: string | null;
  firstDirection: SortDirection;
}

type AttributeSpec = Pick<RunColumn, 'label' | 'width' | 'align' | 'sortKey' | 'firstDirection'>;

export const attributeSpecs: Record<AttributeKey, AttributeSpec> = {
  status: { label: 'Status', width: 112, align: 'left', sortKey: 'attributes.status', firstDirection: 'ASC' },
  start_time: { label: 'Started', width: 108, align: 'left', sortKey: 'attributes.start_time', firstDirection: 'DESC' },
  duration: { label: 'Duration', width: 92, align: 'right', sortKey: null, firstDirection: 'DESC' },
  user_id: { label: 'User', width: 124, align: 'left', sortKey: 'attributes.user_id', firstDirection: 'ASC' },
  parent: { label: 'Parent', width: 168, align: 'left', sortKey: null, firstDirection: 'ASC' },
  run_id: { label: 'Run ID', width: 112, align: 'left', sortKey: 'attributes.run_id', firstDirection: 'ASC' },
};

export const nameColumn: RunColumn = {
  id: 'name',
  kind: 'name',
  key: 'run_name',
  label: 'Run',
  width: 264,
  align: 'left',
  sortKey: 'attributes.run_name',
  firstDirection: 'ASC',
};

export function metricColumn(key: string): RunColumn {
  return { id: `metric:${key}`, kind: 'metric', key, label: key, width: 116, align: 'right', sortKey: entityKey('metrics', key), firstDirection: 'DESC' };
}

export function paramColumn(key: string): RunColumn {
  return { id: `param:${key}`, kind: 'param', key, label: key, width: 116, align: 'left', sortKey: entityKey('params', key), firstDirection: 'ASC' };
}

export function tagColumn(key: string): RunColumn {
  return { id: `tag:${key}`, kind: 'tag', key, label: key, width: 140, align: 'left', sortKey: entityKey('tags', key), firstDirection: 'ASC' };
}

/** Name first, then attributes, metrics, params and tags, each in the order chosen. */
export function buildColumns(choice: ColumnChoice): RunColumn[] {
  return [
    nameColumn,
    ...choice.attributes.map((key): RunColumn => ({ id: `attribute:${key}`, kind: 'attribute', key, ...attributeSpecs[key] })),
    ...choice.metrics.map(metricColumn),
    ...choice.params.map(paramColumn),
    ...choice.tags.map(tagColumn),
  ];
}

/** Only the shown keys travel, so 10,000 wide runs stay a small response. */
export function projectionOf(choice: ColumnChoice): { paramKeys: string[]; metricKeys: string[]; tagKeys: string[] } {
  return { paramKeys: choice.params, metricKeys: choice.metrics, tagKeys: choice.tags };
}

export const checkboxColumnWidth = 40;

export function gridTemplate(columns: readonly RunColumn[]): { template: string; width: number } {
  const width = columns.reduce((sum, column) => sum + column.width, checkboxColumnWidth);
  // The trailing flexible track lets rows span the full table width without stretching columns.
  return { template: `${checkboxColumnWidth}px ${columns.map((column) => `${column.width}px`).join(' ')} minmax(0, 1fr)`, width };
}
