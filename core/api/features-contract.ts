// The feature store's HTTP contract (ARCHITECTURE rule 6): request schemas in zod, responses as
// plain types, shared by the core routes, the renderer and the CLI. Feast's own endpoint
// (`POST /get-online-features`) keeps Feast's field names and response shape (reference §5).
import { z } from 'zod';
import type { JobSummary } from './contract.js';
import type { DatasetColumnSchema, DatasetVersionSummary } from './contract.js';
import type { EntityDefinition, FeatureServiceDefinition, FeatureViewDefinition, SourceDefinition } from '../features/definitions.js';
import type { AppliedRepoSummary } from '../features/feature-registry.js';
import type { MaterializeResult, OnlineResponse } from '../features/online-store.js';
import type { RepoPlan } from '../features/plan.js';
import type { TrainingSetLineage } from '../features/training-set.js';

export type { AppliedRepoSummary, EntityDefinition, FeatureServiceDefinition, FeatureViewDefinition, MaterializeResult, OnlineResponse, RepoPlan, SourceDefinition, TrainingSetLineage };

const featureRefs = z.array(z.string().min(1).max(500)).max(10_000);
const entityValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Feast's body: `features` or `feature_service`, columnar `entities`, `full_feature_names`.
 * `stale` is ours: `null` also blanks values older than the view's ttl (default `flag`).
 */
export const onlineFeaturesRequest = z.object({
  features: featureRefs.optional(),
  feature_service: z.string().min(1).optional(),
  entities: z.record(z.string(), z.array(entityValue).max(100_000)),
  full_feature_names: z.boolean().optional(),
  stale: z.enum(['flag', 'null']).optional(),
});
export type OnlineFeaturesRequest = z.infer<typeof onlineFeaturesRequest>;
/** POST /get-online-features and POST /api/features/online */
export type OnlineFeaturesResponse = OnlineResponse;

/** POST /api/features/plan and /api/features/apply: a repo folder on the core's machine. */
export const repoPathRequest = z.object({ repo_path: z.string().min(1).max(4096) });
export type RepoPathRequest = z.infer<typeof repoPathRequest>;

export interface FeaturePlanResponse {
  plan: RepoPlan;
  /** Feast-style lines: `Created feature view x`, `Updated …: ttl "30d" → "7d"`. */
  lines: string[];
  warnings: string[];
  current_version: number | null;
}

export interface FeatureApplyResponse {
  applied: boolean;
  version: number;
  plan: RepoPlan;
  lines: string[];
  warnings: string[];
}

export interface FeatureViewStatus extends FeatureViewDefinition {
  /** Keys held in the online store. */
  online_rows: number;
  /** The latest materialization window (epoch ms, both inclusive); null before the first. */
  last_materialization: { start: number; end: number; finished_at: number } | null;
}

/** GET /api/features: the applied repo, or `version: null` before the first apply. */
export interface FeatureRepoResponse {
  version: AppliedRepoSummary | null;
  project: string | null;
  entities: EntityDefinition[];
  sources: SourceDefinition[];
  feature_views: FeatureViewStatus[];
  feature_services: FeatureServiceDefinition[];
}

/** GET /api/features/versions, newest first. */
export interface FeatureVersionsResponse {
  versions: AppliedRepoSummary[];
}

/**
 * POST /api/features/historical: the entity table is a file on the core's machine or a dataset
 * (`entity_dataset` with an optional `entity_dataset_version`). Runs as a job.
 */
export const historicalRequest = z
  .object({
    entity_file: z.string().min(1).max(4096).optional(),
    entity_dataset: z.string().min(1).max(128).optional(),
    entity_dataset_version: z.number().int().min(1).optional(),
    features: featureRefs.optional(),
    feature_service: z.string().min(1).optional(),
    full_feature_names: z.boolean().optional(),
    filter_by_created_timestamp: z.boolean().optional(),
    save_as: z.string().min(1).max(128).optional(),
    preview_rows: z.number().int().min(0).max(1000).optional(),
  })
  .refine((body) => (body.entity_file === undefined) !== (body.entity_dataset === undefined), { message: 'give exactly one of entity_file and entity_dataset', path: ['entity_file'] });
export type HistoricalRequestBody = z.infer<typeof historicalRequest>;

export type HistoricalCell = string | number | boolean | null;

/** The job result of a historical retrieval. */
export interface HistoricalJobResult {
  repo_version: number;
  row_count: number;
  columns: Pick<DatasetColumnSchema, 'name' | 'type'>[];
  /** The first rows (`preview_rows`, default 50). */
  preview: HistoricalCell[][];
  lineage: TrainingSetLineage;
  dataset: { version: DatasetVersionSummary; created: boolean } | null;
}

/**
 * POST /api/features/materialize: `{start, end}` (ISO 8601; no offset = UTC) or
 * `{incremental: true, end?}` (end defaults to now); `feature_views` limits the views.
 */
export const materializeRequest = z
  .object({
    start: z.string().min(1).optional(),
    end: z.string().min(1).optional(),
    incremental: z.boolean().optional(),
    feature_views: z.array(z.string().min(1)).optional(),
  })
  .refine((body) => body.incremental === true || (body.start !== undefined && body.end !== undefined), { message: 'give start and end, or incremental: true', path: ['start'] });
export type MaterializeRequestBody = z.infer<typeof materializeRequest>;

export interface MaterializeJobResult {
  repo_version: number;
  views: MaterializeResult[];
}

/** POST /api/features/historical and /api/features/materialize answer with the started job. */
export interface FeatureJobResponse {
  job: JobSummary;
}
