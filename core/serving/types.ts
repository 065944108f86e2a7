// What a deployment is (stored as one JSON document per deployment) and what the router decides
// for one request. The reference: ../shared/reference/inference-protocols.md §4–5.

export interface VersionRef {
  model: string;
  version: number;
}

export interface CandidateArm extends VersionRef {
  /** Share of traffic in basis points (0..10000): 1000 = 10 %, 0.01 % steps. */
  bps: number;
}

export interface ExcludedSegment {
  column: string;
  value: string;
}

/** Features read from the online store for each record's entity key before scoring (feature-enrichment.ts). */
export interface DeploymentFeatures {
  /** A feature service of the applied repo, or `features` as `view:feature` references. */
  service?: string;
  features?: string[];
  /** The join key each request record carries, e.g. `customer_id`. */
  entityKey: string;
  /** Score on values older than their view's ttl instead of answering 400. */
  allowStale?: boolean;
}

export interface DeploymentConfig {
  stable: VersionRef;
  /** Canary / A-B arms; arm i covers buckets [Σ bps of earlier arms, + its bps). */
  candidates: CandidateArm[];
  /** Scored after the response is sent; its output is logged, never returned. */
  shadow: VersionRef | null;
  /** The rollback target from before the last promotion. */
  previous: VersionRef | null;
  /** Request field whose value decides the bucket; null = random routing per request. */
  stickyKey: string | null;
  /** Requests matching any of these go to stable and are not counted as exposed. */
  excluded: ExcludedSegment[];
  /** New per rollout, fixed while it runs: ramping up keeps every earlier member in the candidate. */
  rolloutId: string;
  salt: string;
  /** Absent or null: records carry every model input themselves. */
  features?: DeploymentFeatures | null;
}

export const variants = ['stable', 'candidate', 'previous', 'shadow'] as const;
/** `candidate` for the first candidate arm, `arm-2`, `arm-3`, … for further ones (`arm-1` also names the candidate). */
export type Variant = (typeof variants)[number] | `arm-${number}`;
export type RouteReason = 'explicit' | 'excluded' | 'missing_key' | 'split' | 'random' | 'shadow';

export interface RouteDecision {
  variant: Variant;
  target: VersionRef;
  reason: RouteReason;
  /** 0..9999 when a sticky key was hashed; null otherwise. */
  bucket: number | null;
}
