// Which drift test each column gets and where its threshold sits, as Evidently resolves them
// (registry.py::_get_default_stattest, data_drift_utils.py): per-column, then per-type, then
// global settings, then the default table of drift-tests.md §2. Operators per test are copied
// from Evidently exactly, including the ones that are not uniform (ks and cvm use ≤, ed uses >).

export type DriftColumnType = 'num' | 'cat' | 'text';
export type TestKind = 'p_value' | 'distance';
export type DriftOperator = '<' | '<=' | '>=' | '>';

export const driftTestIds = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'psi',
  'jensenshannon',
  'kl_div',
  'hellinger',
  'TVD',
  'anderson',
  'cramer_von_mises',
  'ed',
  'mannw',
  't_test',
] as const;
export type DriftTestId = (typeof driftTestIds)[number];

export interface DriftTestDefinition {
  id: DriftTestId;
  /** Evidently's stattest_name, the display name in the report JSON. */
  name: string;
  kind: TestKind;
  /** Drift when `score op threshold`. */
  operator: DriftOperator;
  defaultThreshold: number;
  types: DriftColumnType[];
}

const definitions: DriftTestDefinition[] = [
  { id: 'ks', name: 'K-S p_value', kind: 'p_value', operator: '<=', defaultThreshold: 0.05, types: ['num'] },
  { id: 'chisquare', name: 'chi-square p_value', kind: 'p_value', operator: '<', defaultThreshold: 0.05, types: ['cat'] },
  { id: 'z', name: 'Z-test p_value', kind: 'p_value', operator: '<', defaultThreshold: 0.05, types: ['cat'] },
  { id: 'wasserstein', name: 'Wasserstein distance (normed)', kind: 'distance', operator: '>=', defaultThreshold: 0.1, types: ['num'] },
  { id: 'psi', name: 'PSI', kind: 'distance', operator: '>=', defaultThreshold: 0.1, types: ['cat', 'num'] },
  { id: 'jensenshannon', name: 'Jensen-Shannon distance', kind: 'distance', operator: '>=', defaultThreshold: 0.1, types: ['cat', 'num'] },
  { id: 'kl_div', name: 'Kullback-Leibler divergence', kind: 'distance', operator: '>=', defaultThreshold: 0.1, types: ['cat', 'num'] },
  { id: 'hellinger', name: 'Hellinger distance', kind: 'distance', operator: '>=', defaultThreshold: 0.1, types: ['cat', 'num'] },
  { id: 'TVD', name: 'Total-Variation-Distance', kind: 'p_value', operator: '<', defaultThreshold: 0.1, types: ['cat'] },
  { id: 'anderson', name: 'Anderson-Darling', kind: 'p_value', operator: '<', defaultThreshold: 0.1, types: ['num'] },
  { id: 'cramer_von_mises', name: 'Cramer-von Mises', kind: 'p_value', operator: '<=', defaultThreshold: 0.1, types: ['num'] },
  { id: 'ed', name: 'Energy-distance', kind: 'distance', operator: '>', defaultThreshold: 0.1, types: ['num'] },
  { id: 'mannw', name: 'Mann-Whitney U-rank test', kind: 'p_value', operator: '<', defaultThreshold: 0.05, types: ['num'] },
  { id: 't_test', name: 't_test', kind: 'p_value', operator: '<', defaultThreshold: 0.05, types: ['num'] },
];

export const driftTests: Record<DriftTestId, DriftTestDefinition> = Object.fromEntries(definitions.map((definition) => [definition.id, definition])) as Record<
  DriftTestId,
  DriftTestDefinition
>;

export function isDriftTestId(value: string): value is DriftTestId {
  return (driftTestIds as readonly string[]).includes(value);
}

/** Evidently's default (drift-tests.md §2): by type, reference size after NaN removal, and unique count over r ∪ c. */
export function defaultDriftTest(type: DriftColumnType, referenceSize: number, uniqueCount: number): DriftTestId {
  if (type === 'text') throw new RangeError('Text columns need a text drift test (domain classifier), which this engine does not provide.');
  const small = referenceSize <= 1000;
  if (type === 'num' && uniqueCount > 5) return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenshannon';
  if (type === 'num') return uniqueCount <= 2 ? 'z' : 'chisquare';
  return uniqueCount > 2 ? 'chisquare' : 'z';
}

/** User settings, Evidently's stattest / per_column_stattest / num_stattest … and thresholds. */
export interface DriftSettings {
  test?: DriftTestId;
  threshold?: number;
  perType?: Partial<Record<DriftColumnType, { test?: DriftTestId; threshold?: number }>>;
  perColumn?: Record<string, { test?: DriftTestId; threshold?: number }>;
  /** Share of drifted columns at which the dataset counts as drifted (Evidently drift_share). */
  driftShare?: number;
}

export interface ResolvedTest {
  definition: DriftTestDefinition;
  threshold: number;
}

/** Test: column, else type, else global, else default; the threshold resolves the same way, else the test's default. */
export function resolveDriftTest(column: string, type: DriftColumnType, referenceSize: number, uniqueCount: number, settings: DriftSettings = {}): ResolvedTest {
  const perColumn = settings.perColumn?.[column];
  const perType = settings.perType?.[type];
  const id = perColumn?.test ?? perType?.test ?? settings.test ?? defaultDriftTest(type, referenceSize, uniqueCount);
  const definition = driftTests[id];
  const threshold = perColumn?.threshold ?? perType?.threshold ?? settings.threshold ?? definition.defaultThreshold;
  return { definition, threshold };
}

/** Evidently's per-test decision, with its exact operator. */
export function isDrifted(score: number, definition: DriftTestDefinition, threshold: number): boolean {
  switch (definition.operator) {
    case '<':
      return score < threshold;
    case '<=':
      return score <= threshold;
    case '>=':
      return score >= threshold;
    case '>':
      return score > threshold;
  }
}
