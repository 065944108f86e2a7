import { useRef, type KeyboardEvent } from 'react';
import type { DatasetColumnSchema, DatasetColumnStats } from '../../../core/api/contract';
import { BarSparkline } from '../../ui/bar-sparkline';
import { formatCount } from '../../ui/format';
import { columnTypeLabels, formatColumnValue, formatMean, formatPercent, missingShare } from './column-values';
import { sparkBars } from './histogram-data';

/** A share of missing values worth a second look before training. */
const notableMissing = 0.05;

/**
 * One row per column with its profile and a histogram sparkline. Rows select the column shown in
 * the column panel; ↑/↓ (or j/k) move the selection while the table has focus.
 */
export function SchemaTable({
  stats,
  schema,
  selected,
  onSelect,
}: {
  stats: readonly DatasetColumnStats[];
  schema: readonly DatasetColumnSchema[];
  selected: string | null;
  onSelect: (name: string) => void;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  const schemaByName = new Map(schema.map((column) => [column.name, column]));

  const onKeyDown = (event: KeyboardEvent) => {
    const delta = event.key === 'ArrowDown' || event.key === 'j' ? 1 : event.key === 'ArrowUp' || event.key === 'k' ? -1 : 0;
    if (delta === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const index = stats.findIndex((column) => column.name === selected);
    const next = stats[Math.min(stats.length - 1, Math.max(0, index + delta))];
    if (!next) return;
    onSelect(next.name);
    body.current?.querySelector<HTMLButtonElement>(`button[data-column="${CSS.escape(next.name)}"]`)?.focus();
  };

  return (
    <div className="schema-scroll">
      <table className="data-table card-table schema-table" data-testid="schema-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th className="numeric">Missing</th>
            <th className="numeric">Distinct</th>
            <th className="numeric">Min</th>
            <th className="numeric">Max</th>
            <th className="numeric">Mean</th>
            <th>Distribution</th>
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {stats.map((column) => {
            const isSelected = column.name === selected;
            const missing = missingShare(column);
            const info = schemaByName.get(column.name);
            return (
              <tr
                key={column.name}
                className={`schema-row${isSelected ? ' is-selected' : ''}`}
                data-testid="schema-row"
                data-column={column.name}
                aria-selected={isSelected}
                onClick={() => onSelect(column.name)}
              >
                <td>
                  <button type="button" className="schema-name" data-column={column.name} onClick={() => onSelect(column.name)}>
                    <span className="mono truncate" title={column.name}>
                      {column.name}
                    </span>
                  </button>
                </td>
                <td>
                  <span className={`type-chip type-${column.type}`} title={info?.overridden ? `Set at import (inferred ${info.inferred_type})` : `Source: ${info?.source_type ?? ''}`}>
                    {columnTypeLabels[column.type]}
                    {info?.overridden && <span aria-label="type set at import">*</span>}
                  </span>
                </td>
                <td className={`numeric${missing === 0 ? ' faint' : missing >= notableMissing ? ' missing-notable' : ''}`}>{formatPercent(missing)}</td>
                <td className="numeric">{formatCount(column.distinct)}</td>
                <td className="numeric muted" title={formatColumnValue(column.min, column.type)}>
                  {formatColumnValue(column.min, column.type, { compact: true })}
                </td>
                <td className="numeric muted" title={formatColumnValue(column.max, column.type)}>
                  {formatColumnValue(column.max, column.type, { compact: true })}
                </td>
                <td className="numeric muted" title={formatMean(column)}>
                  {formatMean(column, { compact: true })}
                </td>
                <td className="schema-spark">
                  <BarSparkline bars={sparkBars(column.histogram)} width={88} height={20} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
