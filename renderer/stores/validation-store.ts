import { create } from 'zustand';
import type { ExpectationCatalogEntry, JsonObject, SuiteProblem, SuiteResponse, SuiteSavedResponse, SuiteValidationResult, ValidationRunSummary, SuiteSummary } from '../../core/api/validation-contract';
import { ApiError } from '../api/api-error';
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

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface ShownRun {
  run: ValidationRunSummary;
  result: SuiteValidationResult;
}

/** What a save or import answered: the saved suite, or the core's problems with the document. */
export type SaveOutcome = { saved: SuiteSavedResponse } | SaveRefused;
type SaveRefused = { problems: SuiteProblem[]; message: string };

interface SuitesState {
  suites: SuiteSummary[];
  status: LoadStatus;
  /** Every run, newest first: the list's last-run badges and each suite's past runs. */
  runs: ValidationRunSummary[];
  catalog: ExpectationCatalogEntry[] | null;
  detail: SuiteResponse | null;
  detailStatus: LoadStatus;
  shownRun: ShownRun | null;
  busy: 'save' | 'import' | 'scaffold' | 'run' | null;
  /** The last failed action that is not about a field (a missing dataset, a broken file). */
  problem: string | null;
  load(): Promise<void>;
  openSuite(name: string, version?: number): Promise<void>;
  save(document: JsonObject): Promise<SaveOutcome>;
  importFile(text: string): Promise<SaveOutcome | null>;
  scaffold(request: { dataset: string; version?: number; name: string }): Promise<string | null>;
  run(suite: string, dataset: string, version: number): Promise<void>;
  showRun(id: string): Promise<void>;
  clearProblem(): void;
  downloadUrl(name: string): string;
}

function outcomeOfError(error: unknown): SaveRefused {
  const problems = error instanceof ApiError && Array.isArray(error.details.problems) ? (error.details.problems as SuiteProblem[]) : [];
  return { problems, message: messageOf(error) };
}

/** The Validation page: suites, the one shown with its versions, the catalogue, runs. */
export const useSuitesStore = create<SuitesState>((set, get) => {
  async function refresh() {
    const api = requireValidation();
    const [{ suites }, { runs }] = await Promise.all([api.suites(), api.runs()]);
    set({ suites, runs, status: 'ready' });
  }
  async function busy<T>(kind: NonNullable<SuitesState['busy']>, work: () => Promise<T>): Promise<T> {
    set({ busy: kind, problem: null });
    try {
      return await work();
    } finally {
      set({ busy: null });
    }
  }
  return {
    suites: [],
    status: 'idle',
    runs: [],
    catalog: null,
    detail: null,
    detailStatus: 'idle',
    shownRun: null,
    busy: null,
    problem: null,
    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const catalog = get().catalog ?? (await requireValidation().expectations()).expectations;
        set({ catalog });
        await refresh();
      } catch {
        set({ status: get().suites.length > 0 ? 'ready' : 'failed' });
      }
    },
    async openSuite(name, version) {
      const shown = get().detail;
      if (!shown || shown.suite.name !== name) set({ detailStatus: 'loading', shownRun: null, problem: null });
      try {
        set({ detail: await requireValidation().suite(name, version), detailStatus: 'ready' });
      } catch {
        set({ detail: null, detailStatus: 'failed' });
      }
    },
    save(document) {
      return busy('save', async () => {
        try {
          const saved = await requireValidation().importSuite({ suite: document }, inline);
          await Promise.all([refresh(), get().openSuite(saved.suite.name)]);
          return { saved };
        } catch (error) {
          return outcomeOfError(error);
        }
      });
    },
    importFile(text) {
      return busy('import', async () => {
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          set({ problem: 'The file is not JSON: choose a Great Expectations suite (.json).' });
          return null;
        }
        try {
          const saved = await requireValidation().importSuite({ suite: document as Record<string, unknown> }, inline);
          await refresh();
          return { saved };
        } catch (error) {
          const outcome = outcomeOfError(error);
          set({ problem: outcome.message });
          return outcome;
        }
      });
    },
    scaffold(request) {
      return busy('scaffold', async () => {
        try {
          const saved = await requireValidation().scaffold(request, inline);
          await refresh();
          return saved.suite.name;
        } catch (error) {
          set({ problem: messageOf(error) });
          return null;
        }
      });
    },
    run(suite, dataset, version) {
      return busy('run', async () => {
        try {
          const outcome = await requireValidation().validate(suite, { dataset, version, result_format: 'SUMMARY' }, inline);
          set({ shownRun: outcome, runs: [outcome.run, ...get().runs] });
        } catch (error) {
          set({ problem: messageOf(error) });
        }
      });
    },
    async showRun(id) {
      try {
        set({ shownRun: await requireValidation().run(id, inline), problem: null });
      } catch (error) {
        set({ problem: messageOf(error) });
      }
    },
    clearProblem() {
      set({ problem: null });
    },
    downloadUrl(name) {
      return requireValidation().downloadUrl(name);
    },
  };
});

/** The newest run of each suite (runs arrive newest first). */
export function lastRunBySuite(runs: readonly ValidationRunSummary[]): Map<string, ValidationRunSummary> {
  const latest = new Map<string, ValidationRunSummary>();
  for (const run of runs) if (!latest.has(run.suite)) latest.set(run.suite, run);
  return latest;
}
