// The typed `/api` contract shared by the core routes, the renderer client and the CLI
// (ARCHITECTURE rule 6). Request bodies are zod schemas; responses are plain types.
import { z } from 'zod';

/** A metric value on the wire: finite numbers as numbers, the rest as protobuf-JSON strings. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export const runStatuses = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const viewTypes = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;
export type ViewType = (typeof viewTypes)[number];

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface ExperimentSummary {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
  created_by: string;
  tags: Record<string, string>;
  run_count: number;
}

/** GET /api/experiments */
export interface ExperimentListResponse {
  experiments: ExperimentSummary[];
}

/** POST /api/experiments */
export const createExperimentRequest = z.object({
  name: z.string().min(1).max(500),
  tags: z.record(z.string(), z.string()).optional(),
});
export type CreateExperimentRequest = z.infer<typeof createExperimentRequest>;
export interface CreateExperimentResponse {
  experiment: ExperimentSummary;
}

/** A run as one table row: the compact shape the UI and CLI use. */
export interface RunRow {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: RunStatus;
  start_time: number;
  end_time: number | null;
  user_id: string;
  parent_run_id: string | null;
  lifecycle_stage: 'active' | 'deleted';
  artifact_uri: string;
  params: Record<string, string>;
  metrics: Record<string, WireNumber>;
  tags: Record<string, string>;
}

/**
 * POST /api/runs/search. `filter` and `order_by` take MLflow's grammar. The `*_keys` lists project
 * the row (omitted = every key); a bad filter answers 400 with details {position, expected}.
 */
export const searchRunsRequest = z.object({
  experiment_ids: z.array(z.string()).min(1),
  filter: z.string().optional(),
  order_by: z.array(z.string()).optional(),
  max_results: z.number().int().min(1).max(50_000).optional(),
  page_token: z.string().optional(),
  view_type: z.enum(viewTypes).optional(),
  param_keys: z.array(z.string()).optional(),
  metric_keys: z.array(z.string()).optional(),
  tag_keys: z.array(z.string()).optional(),
});
export type SearchRunsRequest = z.infer<typeof searchRunsRequest>;
export interface SearchRunsResponse {
  runs: RunRow[];
  next_page_token: string | null;
  /** Runs matching the filter across all pages. */
  total: number;
}

/** GET /api/experiments/:id/columns: every key seen in the experiment, for the column picker. */
export interface ExperimentColumnsResponse {
  params: string[];
  metrics: string[];
  tags: string[];
}

export interface MetricSummary {
  key: string;
  latest: WireNumber;
  step: number;
  timestamp: number;
  min: WireNumber | null;
  max: WireNumber | null;
}

export interface ArtifactEntry {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** GET /api/runs/:id */
export interface RunDetailResponse {
  run: RunRow;
  metrics: MetricSummary[];
  children: Array<Pick<RunRow, 'run_id' | 'run_name' | 'status'>>;
  inputs: Array<{ name: string; digest: string; source_type: string; source: string; context: string | null }>;
}

/** GET /api/runs/:id/artifacts?path=DIR */
export interface ArtifactListResponse {
  root_uri: string;
  files: ArtifactEntry[];
}
// GET /api/runs/:id/artifacts/content?path=FILE streams the bytes with a Content-Type by extension.

/**
 * POST /api/metrics/history: histories of several runs and keys, each downsampled on the server
 * to at most `max_points` points (LTTB over step), so a chart never receives more than it can draw.
 */
export const metricHistoryRequest = z.object({
  run_ids: z.array(z.string()).min(1).max(100),
  metric_keys: z.array(z.string()).min(1).max(100),
  max_points: z.number().int().min(2).max(100_000).optional(),
});
export type MetricHistoryRequest = z.infer<typeof metricHistoryRequest>;
export interface MetricSeries {
  run_id: string;
  key: string;
  /** Points in the full history before downsampling. */
  total_points: number;
  steps: number[];
  values: WireNumber[];
  timestamps: number[];
}
export interface MetricHistoryResponse {
  series: MetricSeries[];
}

/** GET /api/info */
export interface InfoResponse {
  version: string;
  user: string;
  workspace: string;
  capabilities: string[];
}

// ─── datasets ────────────────────────────────────────────────────────────────────────────────
// Immutable, content-hashed versions of imported CSV and Parquet files (core/datasets).
import type { ColumnType } from '../datasets/table.js';

export type { ColumnType };

export const datasetFormats = ['csv', 'parquet'] as const;
export type DatasetFormat = (typeof datasetFormats)[number];

/** One stored column: its type, what inference chose, and what the source file called it. */
export interface DatasetColumnSchema {
  name: string;
  type: ColumnType;
  /** The type inference chose; differs from `type` when the user overrode it. */
  inferred_type: ColumnType;
  overridden: boolean;
  /** "string" for CSV cells; the physical/logical type for Parquet (e.g. "INT64/TIMESTAMP(MICROS)"). */
  source_type: string;
}

export const datasetQuantileKeys = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
export type DatasetQuantiles = Record<(typeof datasetQuantileKeys)[number], number>;

/** Equal-width bins (numeric, datetime in epoch ms): `counts[i]` counts [edges[i], edges[i+1]). */
export interface BinHistogram {
  kind: 'bins';
  edges: number[];
  counts: number[];
}

/** The most frequent values (categorical, text, boolean) and the count of all the others. */
export interface CategoryHistogram {
  kind: 'categories';
  values: string[];
  counts: number[];
  other: number;
}

export interface DatasetColumnStats {
  name: string;
  type: ColumnType;
  /** Rows with a value; count + missing = the row count. */
  count: number;
  missing: number;
  distinct: number;
  /** Numbers as stored: boolean 0/1, datetime epoch ms (UTC). Null for strings or no values. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (n − 1), as pandas' describe(). */
  std: number | null;
  /** Linear interpolation between closest ranks (numpy's default). */
  quantiles: DatasetQuantiles | null;
  /** Up to 10 most frequent values, most frequent first (strings and booleans; empty otherwise). */
  top: Array<{ value: string; count: number }>;
  histogram: BinHistogram | CategoryHistogram | null;
  /** Value lengths in characters (categorical and text). */
  length: { min: number; mean: number; max: number } | null;
}

export interface DatasetVersionSummary {
  name: string;
  version: number;
  /** The content hash: sha256 of the stored columnar encoding. Same data and types ⇒ same hash. */
  sha256: string;
  /** sha256 of the imported file's bytes (kept in the artifact store). */
  source_sha256: string;
  source_size: number;
  /** The file name as given at import. */
  source_path: string;
  source_format: DatasetFormat;
  row_count: number;
  column_count: number;
  type_overrides: Record<string, ColumnType>;
  warnings: string[];
  created_time: number;
  created_by: string;
}

export interface DatasetSummary {
  name: string;
  created_time: number;
  created_by: string;
  last_update_time: number;
  version_count: number;
  latest: DatasetVersionSummary;
}

/** GET /api/datasets: every dataset with its latest version, most recently updated first. */
export interface DatasetListResponse {
  datasets: DatasetSummary[];
}

/** GET /api/datasets/:name: the dataset and its versions, newest first. */
export interface DatasetDetailResponse {
  dataset: DatasetSummary;
  versions: DatasetVersionSummary[];
}

/** GET /api/datasets/:name/versions/:version (a number or "latest"). */
export interface DatasetVersionResponse {
  version: DatasetVersionSummary;
  schema: DatasetColumnSchema[];
  stats: DatasetColumnStats[];
}

/**
 * POST /api/datasets/import?name=NAME&format=csv|parquet&filename=F&types=JSON with the file as the
 * raw request body. `name` defaults to the file name without extension; `format` to the extension,
 * then to sniffing the bytes; `types` is a JSON object of per-column overrides ({"zip": "categorical"}).
 */
export const importDatasetQuery = z.object({
  name: z.string().min(1).max(128).optional(),
  format: z.enum(datasetFormats).optional(),
  filename: z.string().min(1).max(1000).optional(),
  types: z.string().max(100_000).optional(),
});
export type ImportDatasetQuery = z.infer<typeof importDatasetQuery>;
/** `created` is false when a version with the same content hash existed and was returned. */
export interface ImportDatasetResponse extends DatasetVersionResponse {
  created: boolean;
}

/**
 * POST /api/datasets/import-file: imports a file the core can read by path (the desktop app's
 * file dialog hands out paths, not bytes). Same response as /api/datasets/import.
 */
export const importDatasetFileRequest = z.object({
  path: z.string().min(1),
  name: z.string().min(1).max(128).optional(),
  format: z.enum(datasetFormats).optional(),
  types: z.record(z.string(), z.string()).optional(),
});
export type ImportDatasetFileRequest = z.infer<typeof importDatasetFileRequest>;

/** A preview cell: numbers, booleans, strings; datetimes as ISO 8601 strings; missing as null. */
export type DatasetCell = string | number | boolean | null;

/** GET /api/datasets/:name/versions/:version/preview?rows=N (1–1000, default 50): the first rows. */
export interface DatasetPreviewResponse {
  columns: Array<{ name: string; type: ColumnType }>;
  rows: DatasetCell[][];
  total_rows: number;
}

// ── Training and jobs ───────────────────────────────────────────────────────────────────────

/** POST /api/train: starts a background job; bad input answers 400 before any run exists. */
export const trainRequest = z.object({
  dataset: z.string().min(1),
  dataset_version: z.number().int().min(1).optional(),
  target: z.string().min(1),
  model: z.string().min(1),
  /** Model parameters by name; values as numbers, booleans or strings ("0.1"). */
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).optional(),
  /** Default: every column but the target, free text and identifier-like ones. */
  features: z.array(z.string()).optional(),
  /** Default: the dataset's name. Created when missing. */
  experiment: z.string().min(1).optional(),
  run_name: z.string().min(1).optional(),
  seed: z.number().int().min(0).optional(),
  /** tfjs backend for networks: wasm, cpu, webgpu, tfjs-node, tfjs-node-gpu; default automatic. */
  backend: z.string().min(1).optional(),
  /**
   * Hyperparameter search: one parent run (tag mlwb.search) with a child run per trial. A param
   * may then be a list "0.01,0.1,0.3" (grid values; random search samples them) or a range
   * "0.01..0.3" (random search only; log-uniform when it spans a decade or more).
   */
  search: z.enum(['grid', 'random']).optional(),
  /** Random search: number of trials (default 10, at most 200). Grid search runs every combination (at most 200). */
  trials: z.number().int().min(1).max(200).optional(),
  /** An expectation suite (NAME or NAME:VERSION) the dataset version must pass first; no run exists until it does. */
  validate_suite: z.string().min(1).optional(),
  /** block (default): a failed suite refuses the request (400 naming the failed expectations); warn: train and tag the run mlwb.validation.*. */
  validation: z.enum(['block', 'warn']).optional(),
});
export type TrainRequestBody = z.infer<typeof trainRequest>;
export interface TrainStartedResponse {
  job: JobSummary;
  run_id: string;
  experiment_id: string;
}

export interface ModelParamSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean';
  default: number | boolean;
  min?: number;
  max?: number;
  minInclusive?: boolean;
  description: string;
}

/** GET /api/models/catalogue: trainable models and their parameters per task. */
export interface ModelCatalogueResponse {
  models: Array<{ kind: string; label: string; params: Record<'binary' | 'multiclass' | 'regression', ModelParamSpec[]> }>;
}

export interface JobSummary {
  id: string;
  kind: string;
  title: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  created_by: string;
  created_time: number;
  ended_time: number | null;
  /** 0..1 */
  fraction: number;
  message: string;
  run_id: string | null;
  error: string | null;
  error_code: string | null;
  result: Record<string, unknown> | null;
}

/**
 * GET /api/jobs/:id/events?token=T: server-sent events (`progress`, `metric` with data
 * {step, <metric>: value}, `status`, then `end`), past events replayed first.
 */
export interface JobEvent {
  type: 'progress' | 'metric' | 'log' | 'status';
  time: number;
  fraction?: number;
  message?: string;
  data?: Record<string, unknown>;
}
// GET /api/jobs → {jobs: JobSummary[]}; GET /api/jobs/:id → {job}; POST /api/jobs/:id/cancel → {job}.
