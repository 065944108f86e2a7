import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../api/errors.js';
import { runStatuses, type RunStatus } from '../api/contract.js';
import type { Sqlite } from '../workspace/database.js';
import type { ExperimentStore } from './experiments.js';
import { MetricChunkWriter } from './metric-chunks.js';
import { generateRunName } from './run-names.js';
import { limits, parseDouble, parseInteger, requireString, validateKey, validateValue } from './validation.js';

export interface RunRecord {
  run_id: string;
  experiment_id: number;
  run_name: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: 'active' | 'deleted';
  deleted_time: number | null;
  parent_run_id: string | null;
}

export interface MetricInput {
  key: unknown;
  value: unknown;
  timestamp?: unknown;
  step?: unknown;
}

export interface KeyValueInput {
  key: unknown;
  value: unknown;
}

export interface DatasetInput {
  dataset?: { name?: unknown; digest?: unknown; source_type?: unknown; source?: unknown; schema?: unknown; profile?: unknown };
  tags?: KeyValueInput[];
}

interface ParsedMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

const runIdPattern = /^[a-zA-Z0-9][\w-]{0,255}$/;
const parentTag = 'mlflow.parentRunId';
const runNameTag = 'mlflow.runName';

export function parseRunId(body: { run_id?: unknown; run_uuid?: unknown }): string {
  const id = requireString(body.run_id ?? body.run_uuid, 'run_id');
  if (!runIdPattern.test(id)) throw new ValidationError(`Invalid value '${id}' for parameter 'run_id'.`, { field: 'run_id' });
  return id;
}

function parseStatus(value: unknown): RunStatus {
  if (typeof value === 'string' && (runStatuses as readonly string[]).includes(value)) return value as RunStatus;
  throw new ValidationError(`Invalid value ${JSON.stringify(value)} for parameter 'status': expected one of ${runStatuses.join(', ')}.`, { field: 'status' });
}

/** Runs and everything logged to them. Every multi-row write is one transaction. */
export class RunStore {
  private readonly insertMetric;
  private readonly upsertLatest;
  private readonly upsertTag;
  private readonly insertKey;
  private readonly chunks: MetricChunkWriter;

  constructor(
    private readonly db: Sqlite,
    private readonly experiments: ExperimentStore,
    /** Told how many rows each write added (planner statistics are refreshed from it). */
    private readonly onWrite: (rows: number) => void = () => {},
  ) {
    this.chunks = new MetricChunkWriter(db);
    this.insertKey = db.prepare('INSERT OR IGNORE INTO experiment_keys (experiment_id, kind, key) VALUES (?, ?, ?)');
    this.insertMetric = db.prepare('INSERT INTO metrics (run_id, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)');
    // The latest point per key wins by step, then timestamp, then value (reference §6). SQLite
    // evaluates every SET expression against the old row, so repeating the test is consistent.
    const newer = `(excluded.step > step OR (excluded.step = step AND (excluded.timestamp > timestamp OR (excluded.timestamp = timestamp AND excluded.value > value))))`;
    this.upsertLatest = db.prepare(`
      INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan, min_value, max_value)
      VALUES (@run_id, @key, @step, @timestamp, @value, @is_nan, @min, @max)
      ON CONFLICT (run_id, key) DO UPDATE SET
        min_value = CASE WHEN excluded.min_value IS NULL THEN min_value WHEN min_value IS NULL THEN excluded.min_value ELSE MIN(min_value, excluded.min_value) END,
        max_value = CASE WHEN excluded.max_value IS NULL THEN max_value WHEN max_value IS NULL THEN excluded.max_value ELSE MAX(max_value, excluded.max_value) END,
        step = CASE WHEN ${newer} THEN excluded.step ELSE step END,
        timestamp = CASE WHEN ${newer} THEN excluded.timestamp ELSE timestamp END,
        value = CASE WHEN ${newer} THEN excluded.value ELSE value END,
        is_nan = CASE WHEN ${newer} THEN excluded.is_nan ELSE is_nan END`);
    this.upsertTag = db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value');
  }

  create(input: { experimentId: number; runName?: unknown; startTime?: unknown; tags?: KeyValueInput[]; user: string }): RunRecord {
    const tags = (input.tags ?? []).map((tag) => ({ key: validateKey(tag.key, 'tag'), value: validateValue(tag.value, 'tag', String(tag.key)) }));
    const tagMap = new Map(tags.map((tag) => [tag.key, tag.value]));
    const requestedName = typeof input.runName === 'string' && input.runName.trim() ? input.runName.trim() : undefined;
    const runName = requestedName ?? tagMap.get(runNameTag) ?? generateRunName();
    tagMap.set(runNameTag, runName);
    if (!tagMap.has('mlflow.user')) tagMap.set('mlflow.user', input.user);
    const startTime = parseInteger(input.startTime, 'start_time', { fallback: Date.now(), min: 0 });
    const runId = randomUUID().replace(/-/g, '');
    return this.db.transaction(() => {
      const experiment = this.experiments.requireActive(input.experimentId);
      const parent = tagMap.get(parentTag) ?? null;
      this.db
        .prepare(`INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri, parent_run_id)
                  VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?)`)
        .run(runId, experiment.experiment_id, runName, input.user, startTime, `${experiment.artifact_location}/${runId}/artifacts`, parent);
      for (const [key, value] of tagMap) {
        this.upsertTag.run(runId, key, value);
        this.insertKey.run(experiment.experiment_id, 'tag', key);
      }
      this.onWrite(1 + tagMap.size);
      return this.get(runId);
    })();
  }

  get(runId: string): RunRecord {
    const record = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRecord | undefined;
    if (!record) throw new NotFoundError(`Run with id=${runId} not found`);
    return record;
  }

  /** Writes to a deleted run are refused, as MLflow does. */
  requireActive(runId: string): RunRecord {
    const record = this.get(runId);
    if (record.lifecycle_stage !== 'active') {
      throw new ValidationError(`The run ${runId} must be in the 'active' state. Current state is deleted.`, { run_id: runId });
    }
    return record;
  }

  update(runId: string, input: { status?: unknown; endTime?: unknown; runName?: unknown }): RunRecord {
    const status = input.status === undefined || input.status === null ? undefined : parseStatus(input.status);
    const endTime = input.endTime === undefined || input.endTime === null ? undefined : parseInteger(input.endTime, 'end_time', { min: 0 });
    const runName = typeof input.runName === 'string' && input.runName.trim() ? input.runName.trim() : undefined;
    return this.db.transaction(() => {
      this.requireActive(runId);
      if (status) this.db.prepare('UPDATE runs SET status = ? WHERE run_id = ?').run(status, runId);
      if (endTime !== undefined) this.db.prepare('UPDATE runs SET end_time = ? WHERE run_id = ?').run(endTime, runId);
      if (runName) {
        this.db.prepare('UPDATE runs SET run_name = ? WHERE run_id = ?').run(runName, runId);
        this.upsertTag.run(runId, runNameTag, runName);
      }
      return this.get(runId);
    })();
  }

  setLifecycle(runId: string, stage: 'active' | 'deleted'): void {
    this.db.transaction(() => {
      const run = this.get(runId);
      if (stage === 'active' && run.lifecycle_stage === 'deleted') {
        this.experiments.requireActive(run.experiment_id);
      }
      this.db.prepare('UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_id = ?').run(stage, stage === 'deleted' ? Date.now() : null, runId);
    })();
  }

  /**
   * log-batch: validates everything first, then applies metrics, params and tags in one
   * transaction, so a bad item or a killed process leaves nothing half-written.
   */
  logBatch(runId: string, batch: { metrics?: MetricInput[]; params?: KeyValueInput[]; tags?: KeyValueInput[] }, options: { strict?: boolean } = {}): void {
    const metrics = batch.metrics ?? [];
    const params = batch.params ?? [];
    const tags = batch.tags ?? [];
    for (const [name, list] of [['metrics', metrics], ['params', params], ['tags', tags]] as const) {
      if (!Array.isArray(list)) throw new ValidationError(`Parameter '${name}' must be a list.`, { field: name });
    }
    if (options.strict) checkBatchLimits(metrics.length, params.length, tags.length);

    const now = Date.now();
    const parsedMetrics = metrics.map((metric) => parseMetric(metric, now));
    const parsedParams = params.map((param) => {
      const key = validateKey(param.key, 'param');
      return { key, value: validateValue(param.value, 'param', key) };
    });
    const seenParams = new Set<string>();
    for (const param of parsedParams) {
      if (seenParams.has(param.key)) throw new ValidationError(`Duplicate parameter keys have been submitted: '${param.key}'.`, { field: 'params' });
      seenParams.add(param.key);
    }
    const parsedTags = tags.map((tag) => {
      const key = validateKey(tag.key, 'tag');
      return { key, value: validateValue(tag.value, 'tag', key) };
    });

    this.db.transaction(() => {
      const run = this.requireActive(runId);
      this.writeParams(runId, parsedParams);
      this.writeMetrics(runId, parsedMetrics);
      for (const tag of parsedTags) this.writeTag(runId, tag.key, tag.value);
      for (const [kind, items] of [['param', parsedParams], ['metric', parsedMetrics], ['tag', parsedTags]] as const) {
        for (const key of new Set(items.map((item) => item.key))) this.insertKey.run(run.experiment_id, kind, key);
      }
    })();
    this.onWrite(parsedMetrics.length + parsedParams.length + parsedTags.length);
  }

  deleteTag(runId: string, key: unknown): void {
    const validKey = requireString(key, 'key');
    this.db.transaction(() => {
      this.requireActive(runId);
      const removed = this.db.prepare('DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, validKey).changes;
      if (removed === 0) throw new NotFoundError(`No tag with name: ${validKey} in run with id ${runId}`);
      if (validKey === parentTag) this.db.prepare('UPDATE runs SET parent_run_id = NULL WHERE run_id = ?').run(runId);
    })();
  }

  logInputs(runId: string, datasets: DatasetInput[]): void {
    if (!Array.isArray(datasets)) throw new ValidationError(`Parameter 'datasets' must be a list.`, { field: 'datasets' });
    if (datasets.length > limits.datasetsPerInputs) {
      throw new ValidationError(`A batch logging request can contain at most ${limits.datasetsPerInputs} datasets. Got ${datasets.length} datasets.`, { field: 'datasets' });
    }
    const rows = datasets.map((input, index) => {
      const dataset = input.dataset ?? {};
      const field = (name: string, value: unknown, limit: number, required: boolean): string | null => {
        if (value === undefined || value === null) {
          if (required) throw new ValidationError(`Missing value for required parameter 'datasets[${index}].dataset.${name}'.`, { field: `datasets[${index}].dataset.${name}` });
          return null;
        }
        const text = String(value);
        if (text.length > limit) throw new ValidationError(`Dataset ${name} had length ${text.length}, which exceeded length limit of ${limit}.`, { field: `datasets[${index}].dataset.${name}` });
        return text;
      };
      const tags = (input.tags ?? []).map((tag) => ({ key: String(tag.key).slice(0, 255), value: String(tag.value ?? '') }));
      return {
        name: field('name', dataset.name, 500, true)!,
        digest: field('digest', dataset.digest, 36, true)!,
        source_type: field('source_type', dataset.source_type, 255, true)!,
        source: field('source', dataset.source, 65_535, true)!,
        schema: field('schema', dataset.schema, 1_048_575, false),
        profile: field('profile', dataset.profile, 16_777_215, false),
        tags: JSON.stringify(tags),
      };
    });
    this.db.transaction(() => {
      this.requireActive(runId);
      const insert = this.db.prepare(`INSERT OR REPLACE INTO run_inputs (run_id, name, digest, source_type, source, schema, profile, tags)
                                      VALUES (@run_id, @name, @digest, @source_type, @source, @schema, @profile, @tags)`);
      for (const row of rows) insert.run({ run_id: runId, ...row });
    })();
  }

  private writeParams(runId: string, params: Array<{ key: string; value: string }>): void {
    if (params.length === 0) return;
    const existing = new Map(
      (this.db.prepare('SELECT key, value FROM params WHERE run_id = ? AND key IN (SELECT value FROM json_each(?))').all(runId, JSON.stringify(params.map((p) => p.key))) as Array<{
        key: string;
        value: string;
      }>).map((row) => [row.key, row.value]),
    );
    const insert = this.db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
    for (const param of params) {
      const previous = existing.get(param.key);
      if (previous === undefined) insert.run(runId, param.key, param.value);
      else if (previous !== param.value) {
        throw new ValidationError(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${previous}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
          { field: 'params', key: param.key },
        );
      }
    }
  }

  private writeMetrics(runId: string, metrics: ParsedMetric[]): void {
    if (metrics.length === 0) return;
    // Fold the batch to one latest point and one min/max per key before touching latest_metrics.
    const perKey = new Map<string, { latest: ParsedMetric; min: number | null; max: number | null; points: ParsedMetric[] }>();
    for (const metric of metrics) {
      const isNan = Number.isNaN(metric.value);
      this.insertMetric.run(runId, metric.key, metric.step, metric.timestamp, isNan ? 0 : metric.value, isNan ? 1 : 0);
      const folded = perKey.get(metric.key);
      if (!folded) {
        perKey.set(metric.key, { latest: metric, min: isNan ? null : metric.value, max: isNan ? null : metric.value, points: [metric] });
        continue;
      }
      folded.points.push(metric);
      if (isNewer(metric, folded.latest)) folded.latest = metric;
      if (!isNan) {
        folded.min = folded.min === null ? metric.value : Math.min(folded.min, metric.value);
        folded.max = folded.max === null ? metric.value : Math.max(folded.max, metric.value);
      }
    }
    for (const [key, folded] of perKey) {
      this.chunks.append(runId, key, {
        steps: Float64Array.from(folded.points, (point) => point.step),
        timestamps: Float64Array.from(folded.points, (point) => point.timestamp),
        values: Float64Array.from(folded.points, (point) => point.value),
      });
      const isNan = Number.isNaN(folded.latest.value);
      this.upsertLatest.run({
        run_id: runId,
        key,
        step: folded.latest.step,
        timestamp: folded.latest.timestamp,
        value: isNan ? 0 : folded.latest.value,
        is_nan: isNan ? 1 : 0,
        min: folded.min,
        max: folded.max,
      });
    }
  }

  private writeTag(runId: string, key: string, value: string): void {
    this.upsertTag.run(runId, key, value);
    if (key === runNameTag) this.db.prepare('UPDATE runs SET run_name = ? WHERE run_id = ?').run(value, runId);
    if (key === parentTag) this.db.prepare('UPDATE runs SET parent_run_id = ? WHERE run_id = ?').run(value, runId);
  }
}

function parseMetric(metric: MetricInput, now: number): ParsedMetric {
  if (metric === null || typeof metric !== 'object') throw new ValidationError('Each metric must be an object with key, value, timestamp and step.', { field: 'metrics' });
  const key = validateKey(metric.key, 'metric');
  if (typeof metric.value === 'boolean') throw new ValidationError(`Metric '${key}' has a boolean value; metric values must be numbers.`, { field: 'value' });
  if (metric.value === undefined || metric.value === null) throw new ValidationError(`Missing value for required parameter 'value' of metric '${key}'.`, { field: 'value' });
  return {
    key,
    value: parseDouble(metric.value, 'value'),
    timestamp: parseInteger(metric.timestamp, 'timestamp', { fallback: now, min: 0 }),
    step: parseInteger(metric.step, 'step', { fallback: 0 }),
  };
}

function isNewer(candidate: ParsedMetric, current: ParsedMetric): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  return candidate.value > current.value;
}

function checkBatchLimits(metrics: number, params: number, tags: number): void {
  const problems: string[] = [];
  if (metrics > limits.metricsPerBatch) problems.push(`${metrics} metrics (limit ${limits.metricsPerBatch})`);
  if (params > limits.paramsPerBatch) problems.push(`${params} params (limit ${limits.paramsPerBatch})`);
  if (tags > limits.tagsPerBatch) problems.push(`${tags} tags (limit ${limits.tagsPerBatch})`);
  if (metrics + params + tags > limits.entitiesPerBatch) problems.push(`${metrics + params + tags} entities in total (limit ${limits.entitiesPerBatch})`);
  if (problems.length > 0) {
    throw new ValidationError(`A batch logging request can contain at most ${limits.metricsPerBatch} metrics, ${limits.paramsPerBatch} params, ${limits.tagsPerBatch} tags and ${limits.entitiesPerBatch} entities in total; got ${problems.join(', ')}.`, {
      field: 'metrics',
    });
  }
}
