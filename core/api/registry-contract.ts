// The `/api` contract of the registry and governance (ARCHITECTURE rule 6): request schemas in
// zod, responses as plain types, shared by the core routes, the renderer and the CLI.
import { z } from 'zod';
import type { AuditEntry, CheckResult, GovernancePolicy, ModelScan, VersionLineage } from '../registry/types.js';

export type { AuditEntry, CheckCategory, CheckResult, CheckVerdict, GovernancePolicy, ModelScan, VersionLineage } from '../registry/types.js';

/**
 * Where a version stands in governance. `expired`: it was approved, but the version or the policy
 * changed since. `not_submitted`: never submitted (or the last review failed to run).
 */
export const approvalStates = ['not_submitted', 'checking', 'approved', 'pending_review', 'rejected', 'expired', 'failed'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export interface ModelSummary {
  name: string;
  description: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  created_by: string;
  tags: Record<string, string>;
  aliases: Record<string, number>;
  version_count: number;
  latest_version: number | null;
  /** Versions per approval state, for badges in the model list. */
  approvals: Partial<Record<ApprovalState, number>>;
}

/** GET /api/models */
export interface ModelListResponse {
  models: ModelSummary[];
}

export interface VersionSummary {
  name: string;
  version: number;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  description: string;
  source: string;
  run_id: string | null;
  origin: 'run' | 'import' | 'mlflow';
  status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  sha256: string | null;
  size: number | null;
  aliases: string[];
  tags: Record<string, string>;
  approval: ApprovalState;
  /** The headline metric of the run (or the last review), for the versions table. */
  metrics: Record<string, number>;
}

/** GET /api/models/:name */
export interface ModelDetailResponse {
  model: ModelSummary;
  versions: VersionSummary[];
}

export interface ReviewSummary {
  review_id: number;
  name: string;
  version: number;
  revision: number;
  policy_version: number;
  submitted_by: string;
  submitted_time: number;
  state: 'checking' | 'approved' | 'pending_review' | 'rejected' | 'failed';
  auto_approved: boolean;
  decided_by: string | null;
  decided_time: number | null;
  comment: string | null;
  error: string | null;
  /** Checks per verdict, e.g. {pass: 11, fail: 1}. */
  verdicts: Partial<Record<CheckResult['verdict'], number>>;
  /** True while this review still speaks for the version (same revision and policy version). */
  current: boolean;
}

export interface ReviewDetail extends ReviewSummary {
  checks: CheckResult[];
}

/** GET /api/models/:name/versions/:version */
export interface VersionDetailResponse {
  version: VersionSummary;
  scan: ModelScan | null;
  lineage: VersionLineage;
  /** The latest review (null before the first submission). */
  review: ReviewDetail | null;
  /** Why the version may not carry protected aliases or be pushed, when it may not. */
  approval_reason: string | null;
}

/** GET /api/models/:name/versions/:version/lineage: dataset → run → version → deployments. */
export interface LineageNode {
  id: string;
  kind: 'dataset' | 'feature_view' | 'run' | 'version' | 'deployment';
  label: string;
  detail: string;
  /** Hash route of the node's page in the UI, when it has one. */
  link?: string;
}
export interface LineageGraphResponse {
  nodes: LineageNode[];
  edges: Array<{ from: string; to: string }>;
}

/** POST /api/models */
export const createModelRequest = z.object({
  name: z.string().min(1).max(256),
  description: z.string().max(5000).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type CreateModelRequest = z.infer<typeof createModelRequest>;

/** POST /api/models/register: a run's ONNX model becomes the next version (model created when new). */
export const registerRunRequest = z.object({
  name: z.string().min(1).max(256),
  run_id: z.string().min(1),
  /** The model folder inside the run's artifacts. */
  artifact_path: z.string().min(1).default('model'),
  description: z.string().max(5000).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
export type RegisterRunRequest = z.input<typeof registerRunRequest>;

/** POST /api/models/import?name=&file_name= with the ONNX bytes as the body. */
export const importModelQuery = z.object({
  name: z.string().min(1).max(256),
  file_name: z.string().min(1).max(1000).default('model.onnx'),
  description: z.string().max(5000).optional(),
});
export type ImportModelQuery = z.input<typeof importModelQuery>;

/** POST /api/models/import-file: the same from a path on the core's machine (CLI, desktop dialogs). */
export const importModelFileRequest = z.object({
  name: z.string().min(1).max(256),
  path: z.string().min(1),
  description: z.string().max(5000).optional(),
});
export type ImportModelFileRequest = z.infer<typeof importModelFileRequest>;

/** PATCH /api/models/:name and /api/models/:name/versions/:version */
export const updateDescriptionRequest = z.object({ description: z.string().max(5000) });

/** POST /api/models/:name/tags and /api/models/:name/versions/:version/tags */
export const setTagRequest = z.object({ key: z.string().min(1).max(250), value: z.string().max(5000) });

/** POST /api/models/:name/aliases */
export const setAliasRequest = z.object({ alias: z.string().min(1).max(255), version: z.coerce.number().int().positive() });

/** POST /api/models/:name/versions/:version/review */
export const reviewDecisionRequest = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().min(1, 'a review needs a comment').max(5000),
});
export type ReviewDecisionRequest = z.infer<typeof reviewDecisionRequest>;

/** POST /api/models/:name/versions/:version/submit */
export interface SubmitResponse {
  review: ReviewSummary;
  /** The background job running the checks (follow /api/jobs/:id/events). */
  job_id: string;
}

/** GET /api/reviews?state=pending_review */
export interface ReviewListResponse {
  reviews: ReviewSummary[];
}

/** GET /api/policy */
export interface PolicyResponse {
  version: number;
  document: string;
  policy: GovernancePolicy;
  created_by: string;
  created_time: number;
  sha256: string;
}
/** GET /api/policy/versions */
export interface PolicyVersionsResponse {
  versions: Array<Omit<PolicyResponse, 'policy' | 'document'>>;
}
/** PUT /api/policy */
export const setPolicyRequest = z.object({ document: z.string().min(1).max(1_000_000) });

/** GET /api/audit?entity_type=&entity_id=&before=&limit= (newest first) */
export interface AuditListResponse {
  entries: AuditEntry[];
  total: number;
}

/** GET /api/audit/verify */
export interface AuditVerifyResponse {
  ok: boolean;
  entries: number;
  /** The first entry that does not fit the chain, when there is one. */
  first_bad: { seq: number; problem: 'edited' | 'deleted' | 'inserted'; message: string } | null;
  head: { seq: number; hash: string } | null;
  seconds: number;
}
