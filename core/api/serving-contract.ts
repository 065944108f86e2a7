// The `/api` contract of deployments (ARCHITECTURE rule 6): request schemas in zod, responses as
// plain types, shared by the core routes, the renderer and the CLI. Inference itself happens on
// the inference listener (its own port), in the protocols of reference/inference-protocols.md.
import { z } from 'zod';
import type { ApprovalState } from './registry-contract.js';

export interface ArmStatus {
  variant: string;
  model: string;
  version: number;
  /** Traffic share in percent (two decimals); shadow arms report 0. */
  percent: number;
  approval: ApprovalState;
  /** Loaded, warmed up and taking traffic. */
  ready: boolean;
  load_ms: number | null;
  /** Why the arm is not serving (load failure), when it is not. */
  error: string | null;
}

export interface DeploymentSummary {
  name: string;
  created_time: number;
  created_by: string;
  updated_time: number;
  updated_by: string;
  /** stable first, then candidates (`candidate`, `arm-2`, …), then shadow. */
  arms: ArmStatus[];
  previous: { model: string; version: number } | null;
  sticky_key: string | null;
  /** Set when records carry only the entity key and features come from the online store. */
  features?: DeploymentFeaturesBody | null;
  excluded: Array<{ column: string; value: string }>;
  rollout_id: string;
  /** Where to send requests: the inference listener's URLs for this deployment. */
  endpoints: { predict: string; batch_predict: string; invocations: string; v2_infer: string; feedback: string };
}

/** GET /api/deployments */
export interface DeploymentListResponse {
  deployments: DeploymentSummary[];
  /** The inference listener's base URL. */
  inference_url: string;
}

/** POST /api/deployments */
/**
 * Take only entity keys and read the model's features from the online store: a feature service or
 * `view:feature` references (one of the two), and the join key the records carry.
 */
export const deploymentFeatures = z
  .object({
    service: z.string().min(1).optional(),
    features: z.array(z.string().min(1)).min(1).optional(),
    entity_key: z.string().min(1),
    allow_stale: z.boolean().optional(),
  })
  .refine((value) => (value.service === undefined) !== (value.features === undefined), { message: 'give either service or features, not both and not neither' });
export type DeploymentFeaturesBody = z.infer<typeof deploymentFeatures>;

export const createDeploymentRequest = z.object({
  name: z.string().regex(/^[a-zA-Z0-9][\w.-]{0,99}$/, 'use letters, digits, ".", "_" or "-" (up to 100)'),
  model: z.string().min(1),
  version: z.coerce.number().int().positive(),
  features: deploymentFeatures.nullable().optional(),
});

/** POST /api/deployments/:name/rollout: a new rollout (new salt) with one candidate. */
export const rolloutRequest = z.object({
  model: z.string().min(1),
  version: z.coerce.number().int().positive(),
  percent: z.number().min(0).max(100),
  sticky_key: z.string().min(1).nullable().optional(),
  excluded: z.array(z.object({ column: z.string().min(1), value: z.string() })).optional(),
  shadow: z.object({ model: z.string().min(1), version: z.coerce.number().int().positive() }).nullable().optional(),
});
export type RolloutRequest = z.infer<typeof rolloutRequest>;

/** PATCH /api/deployments/:name: live changes within the current rollout (salt kept). */
export const updateDeploymentRequest = z.object({
  /** Percent per candidate arm, in arm order; stable gets the rest. */
  percents: z.array(z.number().min(0).max(100)).optional(),
  sticky_key: z.string().min(1).nullable().optional(),
  excluded: z.array(z.object({ column: z.string().min(1), value: z.string() })).optional(),
  shadow: z.object({ model: z.string().min(1), version: z.coerce.number().int().positive() }).nullable().optional(),
  /** null stops reading the online store. */
  features: deploymentFeatures.nullable().optional(),
});
export type UpdateDeploymentRequest = z.infer<typeof updateDeploymentRequest>;

/** One arm's traffic over the last seconds, from the inference listener's own counters. */
export interface ArmTraffic {
  variant: string;
  model: string;
  version: number;
  /** One entry per second, oldest first. */
  seconds: Array<{ time: number; requests: number; errors: number; p50_ms: number | null; p99_ms: number | null }>;
}

/** GET /api/deployments/:name/traffic?seconds=60 */
export interface DeploymentTrafficResponse {
  name: string;
  arms: ArmTraffic[];
}

export interface PredictionLogEntry {
  request_id: string;
  time: number;
  model: string;
  version: number;
  variant: string;
  reason: string;
  bucket: number | null;
  entity_key: string | null;
  protocol: string;
  inputs: unknown;
  outputs: unknown;
  latency_ms: number;
  label: string | null;
}

/** GET /api/deployments/:name/predictions?limit=&before= (newest first) */
export interface PredictionLogResponse {
  predictions: PredictionLogEntry[];
}

/** POST /deployments/:name/feedback on the inference listener (and /api/deployments/:name/feedback). */
export const feedbackRequest = z
  .object({
    request_id: z.string().min(1).optional(),
    entity_key: z.string().min(1).optional(),
    label: z.union([z.string(), z.number(), z.boolean()]),
  })
  .refine((body) => (body.request_id === undefined) !== (body.entity_key === undefined), { message: 'give exactly one of request_id or entity_key' });
export type FeedbackRequest = z.infer<typeof feedbackRequest>;
