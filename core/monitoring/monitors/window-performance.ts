// Model performance over a window: predictions joined with their feedback labels (the log's
// `label` column), scored with the trainer's own metrics so a monitor and a run's evaluation agree.
// Binary, one-versus-rest around the monitor's positive label: accuracy over the labelled rows,
// precision / recall / F1 of the positive label, ROC AUC from the logged positive-class probability.
import type { DegradationRule, WindowPerformance } from '../../api/monitoring-contract.js';
import type { PredictionWindow } from '../../serving/prediction-log.js';
import { accuracy, precisionRecallF1 } from '../../training/evaluation/classification.js';
import { rocAuc } from '../../training/evaluation/ranking.js';

/** Labels arrive as text ("1", "true", "churned"); booleans and their 0/1 spellings count as one. */
export function labelKey(value: unknown): string {
  const text = String(value).trim().toLowerCase();
  if (text === 'true') return '1';
  if (text === 'false') return '0';
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? String(number) : text;
}

interface ProductOutput {
  prediction: unknown;
  probability?: unknown;
}

/** One result per log row: the product protocols' rows. Request-level rows (several records, one label) cannot be joined per record. */
function productOutput(output: unknown): ProductOutput | null {
  return typeof output === 'object' && output !== null && 'prediction' in output ? (output as ProductOutput) : null;
}

export function windowPerformance(window: Pick<PredictionWindow, 'outputs' | 'label'>, positiveLabel: string): WindowPerformance | null {
  const positive = labelKey(positiveLabel);
  const actual: number[] = [];
  const predicted: number[] = [];
  const scores: number[] = [];
  let scored = true;
  for (let row = 0; row < window.label.length; row += 1) {
    const label = window.label[row];
    const output = productOutput(window.outputs[row]);
    if (label === null || !output) continue;
    actual.push(labelKey(label) === positive ? 1 : 0);
    predicted.push(labelKey(output.prediction) === positive ? 1 : 0);
    if (typeof output.probability === 'number' && Number.isFinite(output.probability)) scores.push(output.probability);
    else scored = false;
  }
  if (actual.length === 0) return null;
  const { precision, recall, f1 } = precisionRecallF1(actual, predicted, 2, 'binary', { zeroDivision: 0 });
  // The product API's probability is the second class's: the positive one for 0/1 labels.
  const positiveIsSecond = positive === '1';
  const auc = scored && positiveIsSecond ? rocAuc(actual, Float64Array.from(scores)) : null;
  return { rows: actual.length, accuracy: accuracy(actual, predicted), precision, recall, f1, auc };
}

export function isDegraded(performance: WindowPerformance | null, rule: DegradationRule | null): boolean {
  if (!performance || !rule) return false;
  const value = performance[rule.metric];
  if (value === null) return false;
  switch (rule.operator) {
    case '<':
      return value < rule.value;
    case '<=':
      return value <= rule.value;
    case '>':
      return value > rule.value;
    case '>=':
      return value >= rule.value;
  }
}

/** "accuracy<0.85", "f1 <= 0.7" → a rule; null when the text is not one. */
export function parseDegradationRule(text: string): DegradationRule | null {
  const match = /^\s*(accuracy|precision|recall|f1|auc)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/i.exec(text);
  if (!match) return null;
  return { metric: match[1].toLowerCase() as DegradationRule['metric'], operator: match[2] as DegradationRule['operator'], value: Number(match[3]) };
}

export function describeRule(rule: DegradationRule): string {
  return `${rule.metric} ${rule.operator} ${rule.value}`;
}
