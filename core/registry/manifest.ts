// A version's manifest: the YAML a data team keeps in git next to the model, saying what the file
// is, where it came from, how it scored and whether governance let it through. Sections with
// nothing to say are left out rather than filled with nulls, and keys keep one order so two
// manifests diff cleanly.
import { Document, isScalar, isSeq, visit } from 'yaml';
import type { ReviewDetail, VersionSummary } from '../api/registry-contract.js';
import type { ModelScan, VersionLineage } from './types.js';

export interface ManifestInput {
  model: { name: string; description: string; tags: Record<string, string> };
  version: VersionSummary;
  lineage: VersionLineage;
  scan: ModelScan | null;
  review: ReviewDetail | null;
  /** The policy version in force now (the review names the one it ran under). */
  policyVersion: number | null;
}

export interface MetricGroups {
  test?: Record<string, number>;
  validation?: Record<string, number>;
  other?: Record<string, number>;
}

export function manifestDocument(input: ManifestInput): Record<string, unknown> {
  return compact({
    manifest_version: 1,
    model: modelSection(input),
    training: trainingSection(input.lineage),
    dependencies: sortedMap(input.lineage.packages),
    metrics: groupMetrics(versionMetrics(input)),
    governance: governanceSection(input),
  })!;
}

export function manifestYaml(input: ManifestInput): string {
  const document = new Document(manifestDocument(input));
  // Tensor shapes read best on one line: `shape: [batch, 12]`.
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'shape' && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}

/** The run's metrics when the version came from a run, else the ones recorded with the version. */
export function versionMetrics(input: Pick<ManifestInput, 'lineage' | 'version'>): Record<string, number> {
  const run = input.lineage.run?.metrics ?? {};
  return Object.keys(run).length > 0 ? run : input.version.metrics;
}

/** test_auc → test.auc, val_auc / validation_auc → validation.auc, anything else under other. */
export function groupMetrics(metrics: Record<string, number>): MetricGroups {
  const groups: Required<MetricGroups> = { test: {}, validation: {}, other: {} };
  for (const key of Object.keys(metrics).sort()) {
    const value = metrics[key];
    const prefix = /^(test|val|validation)_(.+)$/.exec(key);
    if (!prefix) groups.other[key] = value;
    else if (prefix[1] === 'test') groups.test[prefix[2]] = value;
    else groups.validation[prefix[2]] = value;
  }
  return compact(groups) ?? {};
}

function modelSection({ model, version, lineage, scan }: ManifestInput): Record<string, unknown> | undefined {
  const run = lineage.run;
  return compact({
    name: version.name,
    version: version.version,
    framework: 'onnx',
    flavour: run?.model_kind,
    task: run?.task,
    sha256: version.sha256 ?? scan?.sha256,
    size_bytes: version.size ?? scan?.size,
    ir_version: scan?.irVersion,
    producer: scan ? [scan.producerName, scan.producerVersion].filter(Boolean).join(' ') || undefined : undefined,
    opsets: scan ? sortedMap(scan.opsets) : undefined,
    signature: scan ? compact({ inputs: scan.inputs.map(tensor), outputs: scan.outputs.map(tensor) }) : undefined,
    aliases: [...version.aliases].sort(),
    tags: sortedMap(model.tags),
    version_tags: sortedMap(version.tags),
    description: model.description,
    version_description: version.description,
    origin: version.origin,
    source: version.source,
    registered: compact({ by: version.user_id, at: isoTime(version.creation_timestamp) }),
  });
}

function trainingSection(lineage: VersionLineage): Record<string, unknown> | undefined {
  const run = lineage.run;
  return compact({
    run_id: run?.run_id,
    experiment: run?.experiment_name,
    run_name: run?.run_name,
    date: run ? isoTime(run.start_time) : undefined,
    user: run?.user_id,
    data: lineage.datasets.map(({ name, version, sha256, context }) => ({ name, version, sha256, context })),
    feature_views: lineage.feature_views,
    target: run?.target,
    code_version: lineage.code_version,
    hyperparameters: run ? sortedMap(run.params) : undefined,
    imported_from: lineage.imported ? compact({ file_name: lineage.imported.file_name, producer: lineage.imported.producer }) : undefined,
  });
}

function governanceSection({ version, review, policyVersion }: ManifestInput): Record<string, unknown> | undefined {
  return compact({
    approval: version.approval,
    policy_version: review?.policy_version ?? policyVersion,
    current_policy_version: review && policyVersion !== null && policyVersion !== review.policy_version ? policyVersion : undefined,
    submitted_by: review?.submitted_by,
    submitted_at: review ? isoTime(review.submitted_time) : undefined,
    auto_approved: review?.auto_approved || undefined,
    decided_by: review?.decided_by,
    decided_at: review?.decided_time ? isoTime(review.decided_time) : undefined,
    comment: review?.comment,
    error: review?.error,
    checks: review?.checks.map(({ name, verdict, summary }) => ({ name, verdict, summary })),
  });
}

function tensor({ name, type, shape }: ModelScan['inputs'][number]): Record<string, unknown> {
  return { name, type, shape };
}

function isoTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

function sortedMap<Value>(map: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(map).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

/**
 * Drops absent values (undefined, null, '', empty lists and maps) from one level, keeping the
 * order keys were written in; undefined when nothing is left, so the parent drops it in turn.
 */
function compact<Shape extends object>(section: Shape): Shape | undefined {
  const kept = Object.entries(section).filter(([, value]) => {
    if (value === undefined || value === null || value === '') return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === 'object') return Object.keys(value).length > 0;
    return true;
  });
  return kept.length > 0 ? (Object.fromEntries(kept) as Shape) : undefined;
}
