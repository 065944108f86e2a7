// Which metric speaks for a version in the versions table: the one a reviewer compares first.
import type { VersionSummary } from '../../../core/api/registry-contract';

/** Held-out scores first: they are what the performance check gates on. */
const preferred = ['test_roc_auc', 'test_f1', 'test_accuracy', 'test_r2', 'test_rmse', 'roc_auc', 'accuracy', 'r2', 'rmse'];

/** The metric most versions of this model share, by preference; null when none has metrics. */
export function headlineMetricKey(versions: readonly Pick<VersionSummary, 'metrics'>[]): string | null {
  const counts = new Map<string, number>();
  for (const version of versions) {
    for (const key of Object.keys(version.metrics)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const known = preferred.find((key) => counts.has(key));
  if (known) return known;
  return [...counts.entries()].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))[0][0];
}
