import { Fragment, useMemo, useState } from 'react';
import { formatCount } from '../../ui/format';
import { runHref } from '../shell/hash-route';
import type { CompareRun } from './compare-columns';
import { buildDiffRows, type DiffRow } from './run-diff';

const sectionTitles: Record<DiffRow['section'], string> = { params: 'Parameters', metrics: 'Metrics (latest)' };

export function DiffTable({ runs }: { runs: readonly CompareRun[] }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const rows = useMemo(() => buildDiffRows(runs.map((run) => run.run)), [runs]);
  const differing = rows.filter((row) => row.differs).length;
  const shown = onlyDifferences ? rows.filter((row) => row.differs) : rows;
  const sections = (['params', 'metrics'] as const).map((section) => ({ section, rows: shown.filter((row) => row.section === section) }));

  return (
    <section className="card compare-card">
      <div className="card-header">
        <h2>Parameters and metrics</h2>
        <span className="muted numeric">
          {formatCount(differing)} of {formatCount(rows.length)} differ
        </span>
        <label className="toggle">
          <input
            type="checkbox"
            className="checkbox"
            checked={onlyDifferences}
            onChange={(event) => setOnlyDifferences(event.target.checked)}
            data-testid="diff-only-toggle"
          />
          Only show differences
        </label>
      </div>
      <div className="diff-scroll">
        <table className="data-table sticky-header diff-table" data-testid="diff-table">
          <thead>
            <tr>
              <th className="diff-key">Key</th>
              {runs.map((run) => (
                <th key={run.runId} className="diff-run">
                  <a href={runHref(run.runId)} className="diff-run-name" title={run.name}>
                    <span className="run-swatch" style={{ background: run.color }} />
                    <span className="truncate">{run.name}</span>
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sections.map(({ section, rows: sectionRows }) => (
              <Fragment key={section}>
                <tr className="diff-section">
                  <th colSpan={runs.length + 1}>
                    {sectionTitles[section]} <span className="faint">{sectionRows.length}</span>
                  </th>
                </tr>
                {sectionRows.map((row) => (
                  <tr
                    key={`${section}:${row.key}`}
                    className={row.differs ? 'diff-row is-different' : 'diff-row'}
                    data-testid="diff-row"
                    data-differs={row.differs}
                  >
                    <th scope="row" className="diff-key mono" title={row.key}>
                      {row.key}
                    </th>
                    {row.display.map((value, index) => (
                      <td key={runs[index].runId} className={`mono${section === 'metrics' ? ' numeric' : ''}${row.values[index] === null ? ' faint' : ''}`}>
                        {value}
                      </td>
                    ))}
                  </tr>
                ))}
                {sectionRows.length === 0 && (
                  <tr className="diff-empty">
                    <td colSpan={runs.length + 1} className="faint">
                      {onlyDifferences ? 'No differences.' : 'None logged.'}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
