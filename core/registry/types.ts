// The registry's shared shapes: what a model scan reports, the governance policy once parsed,
// what each check records, a version's lineage and an audit entry. Stores, checks, routes and the
// CLI all speak these.
import type { TensorDescription } from '../onnx/inspect.js';

/** What a streamed read of an ONNX file found, without loading its weights into memory. */
export interface ModelScan {
  sha256: string;
  size: number;
  irVersion: number;
  producerName: string;
  producerVersion: string;
  /** Opset version per imported domain; the default domain is reported as "ai.onnx". */
  opsets: Record<string, number>;
  /** Every domain the model imports or its nodes use ("ai.onnx" for the default one), sorted. */
  domains: string[];
  /** Operator types, prefixed with their domain when it is not the default ("ai.onnx.ml.TreeEnsembleClassifier"). */
  operators: string[];
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  metadata: Record<string, string>;
  /** Tensors whose bytes live outside the model file, with the path each one names. */
  externalData: Array<{ tensor: string; location: string }>;
  initializerCount: number;
  nodeCount: number;
}

export const checkCategories = ['performance', 'bias', 'security', 'compliance', 'quality'] as const;
export type CheckCategory = (typeof checkCategories)[number];
export const checkVerdicts = ['pass', 'fail', 'error', 'skipped'] as const;
export type CheckVerdict = (typeof checkVerdicts)[number];

/** One governance check as recorded with its review: what went in, the numbers, the verdict. */
export interface CheckResult {
  /** Stable dotted name, e.g. "performance.threshold", "bias.region", "security.domains". */
  name: string;
  category: CheckCategory;
  verdict: CheckVerdict;
  /** One sentence a reviewer reads first: the number against its bound, or why it was skipped. */
  summary: string;
  inputs: Record<string, unknown>;
  numbers: Record<string, unknown>;
  duration_ms: number;
}

export const complianceFields = ['owner', 'intended_use', 'training_data', 'license', 'model_card'] as const;
export type ComplianceField = (typeof complianceFields)[number];

/** The governance policy after parsing and defaults (YAML keys are the same snake_case names). */
export interface GovernancePolicy {
  /** Approve without a person when every check passes. */
  auto_approve: boolean;
  /** Aliases only approved versions may carry. */
  protected_aliases: string[];
  /** The labelled data performance, bias and quality checks score the models on. */
  evaluation?: {
    dataset: string;
    /** A fixed dataset version; the latest when absent. */
    version?: number;
    target: string;
    /** The class counted as positive (as text, e.g. "1" or "yes"); the larger label when absent. */
    positive_label?: string;
  };
  checks: {
    performance?: {
      metric: string;
      threshold: number;
      /** How much worse than the champion on the same data is still acceptable (absolute). */
      champion_tolerance?: number;
      champion_alias: string;
    };
    bias?: {
      sensitive_columns: string[];
      max_demographic_parity_difference: number;
      max_equal_opportunity_difference: number;
      /** Groups smaller than this are reported but not compared. */
      min_group_size: number;
    };
    security?: {
      allowed_domains: string[];
      max_size_mb: number;
      /** Inputs must be columns of the evaluation dataset ("dataset") or exactly these names. */
      allowed_inputs: 'dataset' | string[];
      required_outputs: string[];
    };
    compliance?: {
      required_metadata: ComplianceField[];
      required_tags: string[];
    };
    quality?: {
      probability_range: boolean;
      positive_rate?: { min: number; max: number };
      importance_correlation?: { min: number };
      latency_p95_ms?: number;
    };
  };
}

export interface LineageDataset {
  name: string;
  version: number;
  sha256: string;
  /** "train" for the data the model learned from, "evaluation" for data it was checked on. */
  context: string;
}

/** Where a version came from: the run, its data, code and packages; filled at registration. */
export interface VersionLineage {
  run?: {
    run_id: string;
    run_name: string;
    experiment_id: string;
    experiment_name: string;
    user_id: string;
    start_time: number;
    end_time: number | null;
    model_kind?: string;
    task?: string;
    target?: string;
    params: Record<string, string>;
    metrics: Record<string, number>;
  };
  datasets: LineageDataset[];
  feature_views: string[];
  code_version?: string;
  packages: Record<string, string>;
  /** For imported files: the original file name and the producer the ONNX file names. */
  imported?: { file_name: string; producer: string };
}

export interface AuditEntry {
  seq: number;
  time: number;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}
