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
