import { describe, expect, it } from 'vitest';
import { headlineMetricKey } from './headline-metric';

describe('headline metric', () => {
  it('prefers the held-out ROC AUC when a version has it', () => {
    expect(headlineMetricKey([{ metrics: { train_loss: 0.2, test_roc_auc: 0.91 } }, { metrics: { train_loss: 0.3 } }])).toBe('test_roc_auc');
  });

  it('falls back to the metric most versions share, then by name', () => {
    expect(headlineMetricKey([{ metrics: { zeta: 1, alpha: 2 } }, { metrics: { zeta: 3 } }])).toBe('zeta');
    expect(headlineMetricKey([{ metrics: { zeta: 1, alpha: 2 } }])).toBe('alpha');
  });

  it('has none for imported files without metrics', () => {
    expect(headlineMetricKey([{ metrics: {} }])).toBeNull();
  });
});
