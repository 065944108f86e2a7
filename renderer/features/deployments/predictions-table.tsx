import { useState } from 'react';
import type { PredictionLogEntry } from '../../../core/api/serving-contract';
import { requireServing } from '../../stores/deployments-store';
import { formatTimestamp } from '../../ui/format';
import { useVisiblePolling } from './use-visible-polling';

const shownPredictions = 50;
const pollInterval = 2000;

/** A prediction's output in a few characters: the probability when there is one. */
export function outputSummary(outputs: unknown): string {
  if (typeof outputs === 'object' && outputs !== null && !Array.isArray(outputs)) {
    const record = outputs as Record<string, unknown>;
    if (typeof record.probability === 'number') {
      const label = record.prediction === undefined ? '' : `${String(record.prediction)} `;
      return `${label}(p=${record.probability.toFixed(3)})`;
    }
  }
  const text = JSON.stringify(outputs) ?? '';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const timeOfDay = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** The deployment's prediction log, newest first; `revision` asks for a reload now (after a send). */
export function PredictionsTable({ name, revision }: { name: string; revision: number }) {
  const [predictions, setPredictions] = useState<PredictionLogEntry[] | null>(null);
  useVisiblePolling(
    async (signal) => {
      const answer = await requireServing().predictions(name, shownPredictions, { signal, handledInline: () => true });
      if (!signal.aborted) setPredictions(answer.predictions);
    },
    pollInterval,
    [name, revision],
  );

  return (
    <section className="card" aria-label="Recent predictions">
      <header className="card-header">
        <h2>Recent predictions</h2>
        <span className="faint">newest {shownPredictions}</span>
      </header>
      {predictions !== null && predictions.length === 0 ? (
        <p className="card-note">No predictions yet. Send one from “Try it”, or point a client at the endpoints above.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table card-table" data-testid="predictions-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Variant</th>
                <th>Version</th>
                <th>Reason</th>
                <th className="numeric">Bucket</th>
                <th>Key</th>
                <th>Protocol</th>
                <th className="numeric">Latency</th>
                <th>Output</th>
              </tr>
            </thead>
            <tbody>
              {(predictions ?? []).map((entry) => (
                <tr key={entry.request_id} data-testid="prediction-row" data-variant={entry.variant} title={`request ${entry.request_id}`}>
                  <td className="numeric nowrap" title={formatTimestamp(entry.time)}>
                    {timeOfDay.format(new Date(entry.time))}
                  </td>
                  <td>
                    <span className="mono">{entry.variant}</span>
                  </td>
                  <td className="mono nowrap">
                    {entry.model} v{entry.version}
                  </td>
                  <td className="faint">{entry.reason}</td>
                  <td className="numeric">{entry.bucket ?? '—'}</td>
                  <td className="mono truncate prediction-key">{entry.entity_key ?? '—'}</td>
                  <td className="faint">{entry.protocol}</td>
                  <td className="numeric nowrap">{entry.latency_ms.toFixed(2)} ms</td>
                  <td className="mono truncate prediction-output">{outputSummary(entry.outputs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
