// A version's lineage, captured when it is registered (so later edits to the run cannot rewrite
// where an approved model came from), and the graph the UI draws from it.
import type { LineageGraphResponse, LineageNode } from '../api/registry-contract.js';
import type { TrackingService } from '../tracking/service.js';
import type { VersionRow } from './registry-store.js';
import type { LineageDataset, VersionLineage } from './types.js';

export function runLineage(tracking: TrackingService, runId: string): VersionLineage {
  const { db } = tracking;
  const run = tracking.runs.get(runId);
  const experiment = tracking.experiments.get(run.experiment_id);
  const tags = Object.fromEntries((db.prepare('SELECT key, value FROM tags WHERE run_id = ?').all(runId) as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]));
  const params = Object.fromEntries((db.prepare('SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(runId) as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]));
  const metrics = Object.fromEntries(
    (db.prepare('SELECT key, value, is_nan FROM latest_metrics WHERE run_id = ? ORDER BY key').all(runId) as Array<{ key: string; value: number; is_nan: number }>)
      .filter((row) => !row.is_nan && Number.isFinite(row.value))
      .map((row) => [row.key, row.value]),
  );
  const datasets = runDatasets(tracking, runId, tags);
  return {
    run: {
      run_id: run.run_id,
      run_name: run.run_name,
      experiment_id: String(run.experiment_id),
      experiment_name: experiment.name,
      user_id: run.user_id,
      start_time: run.start_time,
      end_time: run.end_time,
      model_kind: tags['mlwb.model'] ?? params.model,
      task: params.task,
      target: params.target,
      params,
      metrics,
    },
    datasets,
    feature_views: featureViews(tracking, datasets),
    code_version: tags['mlflow.source.git.commit'],
    packages: parsePackages(tags['mlwb.packages']),
  };
}

/** The workbench datasets a run read, from its inputs (`name:version` sources) or trainer tags. */
function runDatasets(tracking: TrackingService, runId: string, tags: Record<string, string>): LineageDataset[] {
  const inputs = tracking.db.prepare(`SELECT source, source_type, tags FROM run_inputs WHERE run_id = ?`).all(runId) as Array<{ source: string; source_type: string; tags: string }>;
  const found: LineageDataset[] = [];
  for (const input of inputs) {
    if (input.source_type !== 'workbench') continue;
    const colon = input.source.lastIndexOf(':');
    const name = input.source.slice(0, colon);
    const version = Number(input.source.slice(colon + 1));
    const row = tracking.db.prepare('SELECT columnar_sha256 FROM dataset_versions WHERE name = ? AND version = ?').get(name, version) as { columnar_sha256: string } | undefined;
    const context = (JSON.parse(input.tags) as Array<{ key: string; value: string }>).find((tag) => tag.key === 'mlflow.data.context')?.value ?? 'train';
    found.push({ name, version, sha256: row?.columnar_sha256 ?? '', context });
  }
  if (found.length === 0 && tags['mlwb.dataset']) {
    const [name, version] = tags['mlwb.dataset'].split(':');
    found.push({ name, version: Number(version), sha256: tags['mlwb.dataset.sha256'] ?? '', context: 'train' });
  }
  return found;
}

/** The feature views behind datasets the feature store built (point-in-time training sets), once each. */
function featureViews(tracking: TrackingService, datasets: readonly LineageDataset[]): string[] {
  const lookup = tracking.db.prepare('SELECT feature_views FROM feature_dataset_lineage WHERE dataset = ? AND version = ?');
  const names = new Set<string>();
  for (const dataset of datasets) {
    const row = lookup.get(dataset.name, dataset.version) as { feature_views: string } | undefined;
    for (const view of row ? (JSON.parse(row.feature_views) as { name: string }[]) : []) names.add(view.name);
  }
  return [...names];
}

function parsePackages(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return {};
  }
}

/** dataset → run → version → deployments, left to right. */
export function lineageGraph(version: VersionRow, lineage: VersionLineage, deployments: Array<{ name: string; arm: string }> = []): LineageGraphResponse {
  const nodes: LineageNode[] = [];
  const edges: LineageGraphResponse['edges'] = [];
  const versionId = `version:${version.name}/${version.version}`;
  const runId = lineage.run ? `run:${lineage.run.run_id}` : undefined;
  for (const dataset of lineage.datasets) {
    const id = `dataset:${dataset.name}:${dataset.version}`;
    nodes.push({ id, kind: 'dataset', label: `${dataset.name} v${dataset.version}`, detail: `${dataset.context} data · ${dataset.sha256.slice(0, 12)}`, link: `#/datasets/${encodeURIComponent(dataset.name)}/${dataset.version}` });
    edges.push({ from: id, to: runId ?? versionId });
  }
  for (const view of lineage.feature_views) {
    const id = `feature_view:${view}`;
    nodes.push({ id, kind: 'feature_view', label: view, detail: 'feature view' });
    edges.push({ from: id, to: runId ?? versionId });
  }
  if (lineage.run && runId) {
    nodes.push({ id: runId, kind: 'run', label: lineage.run.run_name, detail: `${lineage.run.model_kind ?? 'run'} in ${lineage.run.experiment_name}`, link: `#/runs/${lineage.run.run_id}` });
    edges.push({ from: runId, to: versionId });
  } else if (lineage.imported) {
    nodes.push({ id: 'file', kind: 'dataset', label: lineage.imported.file_name, detail: `imported ONNX · ${lineage.imported.producer || 'unknown producer'}` });
    edges.push({ from: 'file', to: versionId });
  }
  nodes.push({ id: versionId, kind: 'version', label: `${version.name} v${version.version}`, detail: version.sha256 ? `sha256 ${version.sha256.slice(0, 12)}` : version.source, link: `#/models/${encodeURIComponent(version.name)}/versions/${version.version}` });
  for (const deployment of deployments) {
    const id = `deployment:${deployment.name}`;
    nodes.push({ id, kind: 'deployment', label: deployment.name, detail: `${deployment.arm} arm`, link: `#/deployments/${encodeURIComponent(deployment.name)}` });
    edges.push({ from: versionId, to: id });
  }
  return { nodes, edges };
}
