import { create } from 'zustand';
import type { ExperimentColumnsResponse } from '../../core/api/contract';
import { requireTracking } from './session-store';

/** Run attributes that can be shown as columns; the run name is always shown. */
export const attributeKeys = ['status', 'start_time', 'duration', 'user_id', 'parent', 'run_id'] as const;
export type AttributeKey = (typeof attributeKeys)[number];

export interface ColumnChoice {
  attributes: AttributeKey[];
  metrics: string[];
  params: string[];
  tags: string[];
}

const defaultAttributes: AttributeKey[] = ['status', 'start_time', 'duration', 'user_id'];
const defaultKeysPerKind = 3;

export function defaultColumnChoice(available: ExperimentColumnsResponse): ColumnChoice {
  return {
    attributes: defaultAttributes,
    metrics: available.metrics.slice(0, defaultKeysPerKind),
    params: available.params.slice(0, defaultKeysPerKind),
    tags: [],
  };
}

export function columnChoiceStorageKey(experimentId: string): string {
  return `mlwb.columns.${experimentId}`;
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
}

/**
 * The stored choice for an experiment, with keys the experiment no longer has dropped; a missing
 * or unreadable entry (older format, hand-edited) falls back to the defaults.
 */
export function readColumnChoice(storage: Storage, experimentId: string, available: ExperimentColumnsResponse): ColumnChoice {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(columnChoiceStorageKey(experimentId)) ?? 'null');
  } catch {
    stored = null;
  }
  if (typeof stored !== 'object' || stored === null) return defaultColumnChoice(available);
  const record = stored as Record<string, unknown>;
  const attributes = stringList(record.attributes);
  const metrics = stringList(record.metrics);
  const params = stringList(record.params);
  const tags = stringList(record.tags);
  if (!attributes || !metrics || !params || !tags) return defaultColumnChoice(available);
  const keep = (keys: string[], known: string[]) => keys.filter((key) => known.includes(key));
  return {
    attributes: attributeKeys.filter((key) => attributes.includes(key)),
    metrics: keep(metrics, available.metrics),
    params: keep(params, available.params),
    tags: keep(tags, available.tags),
  };
}

export function writeColumnChoice(storage: Storage, experimentId: string, choice: ColumnChoice): void {
  storage.setItem(columnChoiceStorageKey(experimentId), JSON.stringify(choice));
}

interface RunColumnsState {
  experimentId: string | null;
  available: ExperimentColumnsResponse | null;
  choice: ColumnChoice | null;
  load(experimentId: string): Promise<void>;
  setChoice(choice: ColumnChoice): void;
}

export const useRunColumnsStore = create<RunColumnsState>((set, get) => ({
  experimentId: null,
  available: null,
  choice: null,
  async load(experimentId) {
    if (get().experimentId !== experimentId) set({ experimentId, available: null, choice: null });
    try {
      const available = await requireTracking().experimentColumns(experimentId);
      if (get().experimentId !== experimentId) return;
      set({ available, choice: readColumnChoice(localStorage, experimentId, available) });
    } catch {
      // The toast already said why; an empty column set still lets the runs table show its rows.
      if (get().experimentId !== experimentId) return;
      const available = { params: [], metrics: [], tags: [] };
      set({ available, choice: defaultColumnChoice(available) });
    }
  },
  setChoice(choice) {
    const { experimentId } = get();
    if (!experimentId) return;
    writeColumnChoice(localStorage, experimentId, choice);
    set({ choice });
  },
}));
