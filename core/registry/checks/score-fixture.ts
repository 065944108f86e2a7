// Hand-made scores and scans for the check functions' tests: numbers chosen in the test, not
// measured, so each expectation can be worked out by hand.
import type { ModelScan } from '../types.js';
import type { ModelScore } from './scoring.js';

export function modelScore(overrides: Partial<ModelScore> = {}): ModelScore {
  return {
    key: 'candidate',
    task: 'classification',
    classes: ['0', '1'],
    positive_label: '1',
    rows: 1000,
    metrics: { accuracy: 0.75, precision: 0.6, recall: 0.55, f1: 0.57, roc_auc: 0.8, average_precision: 0.7, log_loss: 0.45, brier: 0.15 },
    probability_range: { min: 0.01, max: 0.98, outside_unit_interval: 0, nan: 0 },
    predicted_positive_rate: 0.3,
    bias: [],
    latency_ms: { p50: 0.1, p95: 0.2, p99: 0.3, samples: 200 },
    importance: { total_spend: 0.1, region: 0.02 },
    warnings: [],
    timings_ms: { predict: 1, metrics: 1, latency: 1, importance: 1 },
    ...overrides,
  };
}

export function modelScan(overrides: Partial<ModelScan> = {}): ModelScan {
  return {
    sha256: 'a'.repeat(64),
    size: 200_000,
    irVersion: 8,
    producerName: 'ml-workbench',
    producerVersion: '0.1.0',
    opsets: { 'ai.onnx': 18, 'ai.onnx.ml': 3 },
    domains: ['ai.onnx', 'ai.onnx.ml'],
    operators: ['Concat', 'ai.onnx.ml.TreeEnsembleClassifier'],
    inputs: [
      { name: 'total_spend', type: 'float', shape: ['N', 1] },
      { name: 'region', type: 'string', shape: ['N', 1] },
    ],
    outputs: [
      { name: 'label', type: 'int64', shape: ['N'] },
      { name: 'probabilities', type: 'float', shape: ['N', 2] },
    ],
    metadata: {},
    externalData: [],
    initializerCount: 10,
    nodeCount: 12,
    ...overrides,
  };
}
