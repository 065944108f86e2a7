import { useMemo, useState } from 'react';
import type { DriftReportDocument } from '../../../core/api/monitoring-contract';
import { seriesColor } from '../../charts/chart-theme';
import { distributionOverlayTraces, type Distribution } from '../../charts/monitoring-traces';
import { Plot } from '../../charts/plot';
import { useThemeStore } from '../../stores/theme-store';

interface ColumnRow {
  column: string;
  type: string;
  test: string;
  score: number;
  threshold: number;
  drifted: boolean;
  reference: Distribution;
  current: Distribution;
}

/** Numeric columns carry a shared-edge overlay (bin centres on x); categories their counts. */
export function reportColumns(document: DriftReportDocument): ColumnRow[] {
  const table = document.metrics.find((metric) => metric.metric === 'DataDriftTable');
  if (!table || table.metric !== 'DataDriftTable') return [];
  return Object.values(table.result.drift_by_columns).map((entry) => {
    const overlay = document.workbench.columns[entry.column_name]?.overlay as { edges: number[]; reference: number[]; current: number[] } | undefined;
    const centres = overlay ? overlay.edges.slice(1).map((edge, index) => (edge + overlay.edges[index]) / 2) : [];
    return {
      column: entry.column_name,
      type: entry.column_type,
      test: entry.stattest_name,
      score: entry.drift_score,
      threshold: entry.stattest_threshold,
      drifted: entry.drift_detected,
      reference: overlay ? { x: centres, y: overlay.reference } : entry.reference.small_distribution,
      current: overlay ? { x: centres, y: overlay.current } : entry.current.small_distribution,
    };
  });
}

/** The report's columns, sortable by score; a click shows the column's reference and current distributions. */
export function DriftColumnTable({ document }: { document: DriftReportDocument }) {
  const [descending, setDescending] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const theme = useThemeStore((state) => state.resolved);
  const rows = useMemo(() => reportColumns(document).sort((left, right) => (descending ? right.score - left.score : left.score - right.score)), [document, descending]);
  const selected = rows.find((row) => row.column === open) ?? null;
  const traces = useMemo(
    () => (selected ? distributionOverlayTraces(selected.reference, selected.current, { reference: seriesColor(0, theme), current: seriesColor(1, theme) }) : []),
    [selected, theme],
  );
  return (
    <div className="drift-columns">
      <table className="data-table" data-testid="drift-column-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Test</th>
            <th aria-sort={descending ? 'descending' : 'ascending'}>
              <button type="button" className="link-button" onClick={() => setDescending((value) => !value)}>
                Score {descending ? '↓' : '↑'}
              </button>
            </th>
            <th>Threshold</th>
            <th>Drift</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.column}
              data-testid="drift-column-row"
              data-drifted={String(row.drifted)}
              className={row.column === open ? 'selected' : undefined}
              tabIndex={0}
              aria-expanded={row.column === open}
              onClick={() => setOpen(row.column === open ? null : row.column)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') setOpen(row.column === open ? null : row.column);
              }}
            >
              <td className="mono">{row.column}</td>
              <td>{row.type}</td>
              <td>{row.test}</td>
              <td className="numeric">{row.score.toPrecision(4)}</td>
              <td className="numeric">{row.threshold}</td>
              <td>{row.drifted ? <span className="badge badge-danger">Drifted</span> : <span className="badge">Stable</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && (
        <div className="distribution-overlay" data-testid="distribution-overlay">
          <h4>{selected.column}: reference vs current</h4>
          <Plot testId="distribution-overlay-chart" data={traces} layout={{ barmode: selected.type === 'num' ? 'overlay' : 'group', yaxis: { tickformat: '.0%' }, margin: { l: 48, b: 40 } }} height={220} />
        </div>
      )}
    </div>
  );
}

/** Data quality tests of a report with pass or fail. */
export function QualityTable({ document }: { document: DriftReportDocument }) {
  return (
    <table className="data-table" data-testid="quality-table">
      <thead>
        <tr>
          <th>Test</th>
          <th>Column</th>
          <th>Result</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {document.tests.map((test, index) => (
          <tr key={`${test.id}-${test.column ?? ''}-${index}`} data-status={test.status}>
            <td>{test.id.replaceAll('_', ' ')}</td>
            <td className="mono">{test.column ?? '—'}</td>
            <td>{test.status === 'SUCCESS' ? <span className="badge">Pass</span> : <span className="badge badge-danger">{test.status === 'FAIL' ? 'Fail' : 'Error'}</span>}</td>
            <td className="muted">{test.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
