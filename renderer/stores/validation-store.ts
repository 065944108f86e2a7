import { create } from 'zustand';
import type { SuiteProblem, SuiteSummary, SuiteValidationResult, ValidationRunSummary } from '../../core/api/validation-contract';
import { ValidationApi } from '../api/validation-api';
import { requireTracking } from './session-store';

let validation: ValidationApi | null = null;

/** The validation routes share the session's client, built on first use like the registry's. */
export function requireValidation(): ValidationApi {
  const { client } = requireTracking();
  if (validation?.client !== client) validation = new ValidationApi(client);
  return validation;
}

/** Bad input (a broken suite file, a taken name) is explained next to the control, not as a toast. */
const inline = { handledInline: (error: { status: number }) => error.status >= 400 && error.status < 500 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface DatasetRef {
  dataset: string;
  version: number;
}

interface ValidationState {
  suites: SuiteSummary[];
  selected: string | null;
  /** The last run on the dataset version shown; cleared when another version is shown. */
  result: { ref: DatasetRef; run: ValidationRunSummary; result: SuiteValidationResult } | null;
  runs: ValidationRunSummary[];
  busy: 'scaffold' | 'run' | 'import' | null;
  problem: string | null;
  warnings: SuiteProblem[];
  load(dataset: string): Promise<void>;
  select(name: string): void;
  scaffold(ref: DatasetRef): Promise<void>;
  run(ref: DatasetRef): Promise<void>;
  importFile(text: string): Promise<void>;
  /** The link that downloads a suite as GX 1.x JSON (token in the query). */
  downloadUrl(name: string): string;
}

export const useValidationStore = create<ValidationState>((set, get) => {
  async function action(kind: NonNullable<ValidationState['busy']>, work: () => Promise<void>): Promise<void> {
    set({ busy: kind, problem: null, warnings: [] });
    try {
      await work();
    } catch (error) {
      set({ problem: messageOf(error) });
    } finally {
      set({ busy: null });
    }
  }
  async function refreshSuites(select?: string) {
    const { suites } = await requireValidation().suites();
    const selected = select ?? get().selected;
    set({ suites, selected: suites.some((suite) => suite.name === selected) ? selected : (suites[0]?.name ?? null) });
  }
  return {
    suites: [],
    selected: null,
    result: null,
    runs: [],
    busy: null,
    problem: null,
    warnings: [],
    async load(dataset) {
      set({ result: null, problem: null, warnings: [] });
      try {
        await refreshSuites();
        set({ runs: (await requireValidation().runs(dataset)).runs });
      } catch (error) {
        set({ problem: messageOf(error) });
      }
    },
    select(name) {
      set({ selected: name, result: null });
    },
    scaffold(ref) {
      return action('scaffold', async () => {
        const saved = await requireValidation().scaffold({ dataset: ref.dataset, version: ref.version, name: `${ref.dataset}.v${ref.version}` }, inline);
        await refreshSuites(saved.suite.name);
      });
    },
    run(ref) {
      const suite = get().selected;
      if (!suite) return Promise.resolve();
      return action('run', async () => {
        const outcome = await requireValidation().validate(suite, { dataset: ref.dataset, version: ref.version, result_format: 'SUMMARY' }, inline);
        set({ result: { ref, ...outcome }, runs: [outcome.run, ...get().runs] });
      });
    },
    downloadUrl(name) {
      return requireValidation().downloadUrl(name);
    },
    importFile(text) {
      return action('import', async () => {
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          throw new Error('The file is not JSON: choose a Great Expectations suite (.json).');
        }
        const saved = await requireValidation().importSuite({ suite: document as Record<string, unknown> }, inline);
        await refreshSuites(saved.suite.name);
        set({ warnings: saved.warnings });
      });
    },
  };
});
