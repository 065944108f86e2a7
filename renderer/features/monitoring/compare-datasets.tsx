import { useState } from 'react';
import type { DriftReportResponse } from '../../../core/api/monitoring-contract';
import { requireMonitoring } from '../../stores/monitoring-store';
import { DriftColumnTable, QualityTable } from './drift-column-table';

function datasetRef(text: string): { dataset: string; version?: number } {
  const [dataset, version] = text.trim().split(':');
  return version ? { dataset, version: Number(version.replace(/^v/, '')) } : { dataset };
}

/** Ad-hoc drift of one dataset against another (POST /api/drift/reports), with a link to the HTML report. */
export function CompareDatasets() {
  const [reference, setReference] = useState('');
  const [current, setCurrent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<DriftReportResponse | null>(null);
  return (
    <section className="compare-datasets">
      <h2>Compare two datasets</h2>
      <form
        className="inline-form"
        data-testid="compare-datasets-form"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const api = requireMonitoring();
            const answer = await api.compare({ reference: datasetRef(reference), current: datasetRef(current) }, { handledInline: (failure) => failure.status < 500 });
            // A large report runs on as a job: poll until it is stored.
            let finished: DriftReportResponse | null = 'report' in answer ? answer : null;
            while (!finished) {
              await new Promise((resolve) => setTimeout(resolve, 1000));
              finished = await api.report(answer.id, { handledInline: (failure) => failure.status === 404 }).catch(() => null);
            }
            setReport(finished);
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        <input placeholder="Reference dataset (NAME[:VERSION])" value={reference} onChange={(event) => setReference(event.target.value)} required data-testid="compare-reference" />
        <input placeholder="Current dataset (NAME[:VERSION])" value={current} onChange={(event) => setCurrent(event.target.value)} required data-testid="compare-current" />
        <button type="submit" className="button button-primary" disabled={busy} data-testid="compare-submit">
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <p>
            {report.current} against {report.reference}: {report.summary.number_of_drifted_columns} of {report.summary.number_of_columns} columns drifted
            {report.summary.dataset_drift ? ' — dataset drift.' : '.'}{' '}
            <a href={requireMonitoring().reportHtmlUrl(report.id)} target="_blank" rel="noreferrer" data-testid="drift-report-link">
              Open the HTML report
            </a>
          </p>
          <DriftColumnTable document={report.report} />
          <QualityTable document={report.report} />
        </>
      )}
    </section>
  );
}
