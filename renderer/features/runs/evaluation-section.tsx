import type { ReactNode } from 'react';
import type { RunDetailResponse } from '../../../core/api/contract';
import { fromWire } from '../../api/wire-number';
import { requireHost, requireTracking } from '../../stores/session-store';
import { formatBytes, formatCount, formatMetric } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { CalibrationChart, ConfusionMatrixChart, ImportanceChart, PrecisionRecallChart, RocChart } from './evaluation-charts';
import { metricCards, parityLimit, parityResult, type Evaluation, type MetricCard, type ParityResult } from './evaluation-report';
import { onnxPath, useRunEvaluation } from './use-run-evaluation';

const taskLabels: Record<Evaluation['task'], string> = {
  binary: 'Binary classification',
  multiclass: 'Multiclass classification',
  regression: 'Regression',
};

/** Shown for runs the trainer made: how good the model is, why, and whether its ONNX export agrees. */
export function EvaluationSection({ detail }: { detail: RunDetailResponse }) {
  const { run, metrics } = detail;
  const loaded = useRunEvaluation(run.run_id, run.status);
  const result = loaded.data;
  if (!result) return null;
  const { evaluation, importance, onnx } = result;
  const parityMetric = metrics.find((metric) => metric.key === 'parity_max_abs_diff');
  const passedMetric = metrics.find((metric) => metric.key === 'parity_passed');
  const parity = parityResult(parityMetric ? fromWire(parityMetric.latest) : null, run.tags['mlwb.error'], passedMetric ? fromWire(passedMetric.latest) : null);
  const cards = metricCards(evaluation);

  return (
    <section className="evaluation-section" data-testid="evaluation-section" aria-labelledby="evaluation-heading">
      <header className="evaluation-header">
        <h2 id="evaluation-heading">Evaluation</h2>
        <span className="muted">
          {taskLabels[evaluation.task]} · {formatCount(evaluation.rows)} held-out test rows
          {run.params.target ? (
            <>
              {' '}
              · target <span className="mono">{run.params.target}</span>
            </>
          ) : null}
        </span>
        <ParityBadge parity={parity} />
      </header>

      <div className="metric-cards" data-testid="evaluation-metrics">
        {cards.map((card) => (
          <MetricCardView key={card.key} card={card} />
        ))}
      </div>

      {evaluation.warnings.length > 0 && (
        <div className="evaluation-warnings" role="note">
          <Icon name="alert" size={15} />
          <ul>
            {evaluation.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}

      {evaluation.task !== 'regression' && (
        <div className="evaluation-grid">
          <ChartCard title="ROC curve" note={rocNote(evaluation)}>
            {evaluation.curves.roc.length > 0 ? <RocChart evaluation={evaluation} /> : <p className="card-note">No ROC curve: see the warnings.</p>}
          </ChartCard>
          <ChartCard title="Precision–recall curve" note={prNote(evaluation)}>
            {evaluation.curves.precisionRecall.length > 0 ? (
              <PrecisionRecallChart evaluation={evaluation} />
            ) : (
              <p className="card-note">No precision–recall curve: see the warnings.</p>
            )}
          </ChartCard>
          <ChartCard title="Calibration" note="predicted probability against the observed share">
            <CalibrationChart evaluation={evaluation} />
          </ChartCard>
          <ChartCard title="Confusion matrix" note="rows: actual class · shade: share of the row">
            <ConfusionMatrixChart evaluation={evaluation} />
          </ChartCard>
        </div>
      )}

      {importance && importance.length > 0 && (
        <ChartCard title="Feature importance" note={`permutation on the test rows${importance.some((row) => row.gain !== null) ? '; gain from the trees' : ''}`}>
          <ImportanceChart rows={importance} />
        </ChartCard>
      )}

      <ModelCard runId={run.run_id} parity={parity} onnxSize={onnx?.file_size} hasOnnx={onnx !== null} />
    </section>
  );
}

function rocNote(evaluation: Evaluation): string | undefined {
  if (evaluation.task === 'multiclass') return 'each class against the rest';
  const auc = evaluation.metrics.roc_auc;
  return typeof auc === 'number' ? `AUC ${auc.toFixed(3)}` : undefined;
}

function prNote(evaluation: Evaluation): string | undefined {
  if (evaluation.task === 'multiclass') return 'each class against the rest';
  const precision = evaluation.metrics.average_precision;
  return typeof precision === 'number' ? `average precision ${precision.toFixed(3)} · dashed: the positive share` : undefined;
}

function formatCardValue(card: MetricCard): string {
  if (card.value === null) return '—';
  if (card.format === 'ratio') return card.value.toFixed(3);
  return formatMetric(Number(card.value.toPrecision(4)));
}

function MetricCardView({ card }: { card: MetricCard }) {
  const meter = card.format === 'ratio' && card.value !== null ? Math.max(0, Math.min(1, card.value)) : null;
  return (
    <div className="metric-card" data-metric={card.key}>
      <span className="metric-card-label">{card.label}</span>
      <span className="metric-card-value numeric">{formatCardValue(card)}</span>
      {meter !== null ? (
        <span className="metric-card-meter" aria-hidden="true">
          <span style={{ width: `${meter * 100}%` }} />
        </span>
      ) : (
        <span className="metric-card-hint faint">{card.value === null ? 'undefined for this data' : `${card.better} is better`}</span>
      )}
    </div>
  );
}

function ChartCard({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section className="card evaluation-card">
      <div className="card-header">
        <h3>{title}</h3>
        {note && <span className="faint evaluation-card-note">{note}</span>}
      </div>
      <div className="evaluation-chart">{children}</div>
    </section>
  );
}

export function ParityBadge({ parity }: { parity: ParityResult }) {
  if (parity.state === 'unknown') {
    return (
      <span className="badge parity-badge" data-testid="parity-badge" data-state="unknown" title="The run has no parity_max_abs_diff metric.">
        ONNX parity unknown
      </span>
    );
  }
  const pass = parity.state === 'pass';
  return (
    <span
      className={`badge parity-badge ${pass ? 'badge-success' : 'badge-danger'}`}
      data-testid="parity-badge"
      data-state={parity.state}
      title={`Largest difference between the model and its ONNX export on the test rows: ${formatMetric(parity.maxAbsDifference)} (limit ${formatMetric(parityLimit)})`}
    >
      <Icon name={pass ? 'check' : 'alert'} size={12} />
      ONNX parity {pass ? 'pass' : 'fail'}
    </span>
  );
}

function ModelCard({ runId, parity, onnxSize, hasOnnx }: { runId: string; parity: ParityResult; onnxSize: number | undefined; hasOnnx: boolean }) {
  const download = () => requireHost().download(requireTracking().artifactContentUrl(runId, onnxPath, true), 'model.onnx');
  return (
    <section className="card model-card">
      <div className="model-card-icon">
        <Icon name="file" size={16} />
      </div>
      <div className="model-card-text">
        <div>
          <span className="mono">{onnxPath}</span>
          {onnxSize !== undefined && <span className="faint numeric"> · {formatBytes(onnxSize)}</span>}
        </div>
        <div className="faint">
          {!hasOnnx
            ? 'No ONNX model was stored with this run.'
            : parity.state === 'unknown'
              ? 'One ONNX graph holding the preprocessing and the model.'
              : parity.state === 'pass'
                ? `One ONNX graph holding the preprocessing and the model; its outputs match the trained model within ${formatMetric(parity.maxAbsDifference)} (limit ${formatMetric(parityLimit)}).`
                : `One ONNX graph holding the preprocessing and the model; its outputs differ from the trained model by up to ${formatMetric(parity.maxAbsDifference)} (limit ${formatMetric(parityLimit)}).`}
        </div>
      </div>
      {hasOnnx && (
        <button type="button" className="button" onClick={download} data-testid="onnx-download">
          <Icon name="download" size={14} />
          Download ONNX
        </button>
      )}
    </section>
  );
}
