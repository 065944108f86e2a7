import { ConflictError, NotFoundError, ValidationError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import { limits, requireString, validateKey } from './validation.js';

export interface ExperimentRecord {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
  deleted_time: number | null;
  created_by: string;
}

export interface Experiment extends ExperimentRecord {
  tags: Record<string, string>;
}

export function parseExperimentId(value: unknown, field = 'experiment_id'): number {
  const text = typeof value === 'number' ? String(value) : requireString(value, field);
  if (!/^\d{1,15}$/.test(text)) throw new ValidationError(`Invalid ${field} '${text}': experiment IDs are non-negative integers.`, { field });
  return Number(text);
}

function validateName(name: unknown, field: string): string {
  const text = requireString(name, field).trim();
  if (text.length === 0) throw new ValidationError(`Parameter '${field}' must not be blank.`, { field });
  if (text.length > limits.experimentNameLength) {
    throw new ValidationError(`Experiment name had length ${text.length}, which exceeded length limit of ${limits.experimentNameLength}.`, { field });
  }
  return text;
}

function validateArtifactLocation(location: string): string {
  if (/[?#]/.test(location) || location.split(/[/\\]/).includes('..')) {
    throw new ValidationError(`Invalid artifact_location '${location}': it must not contain a query, a fragment or '..'.`, { field: 'artifact_location' });
  }
  return location.replace(/\/+$/, '');
}

export class ExperimentStore {
  constructor(private readonly db: Sqlite) {}

  create(input: { name: unknown; artifactLocation?: string; tags?: Array<{ key: unknown; value: unknown }>; user: string }): number {
    const name = validateName(input.name, 'name');
    const tags = (input.tags ?? []).map((tag) => ({ key: validateKey(tag.key, 'tag'), value: validateTagValue(tag.value) }));
    return this.db.transaction(() => {
      const taken = this.db.prepare('SELECT lifecycle_stage FROM experiments WHERE name = ?').get(name) as { lifecycle_stage: string } | undefined;
      if (taken) {
        const note = taken.lifecycle_stage === 'deleted' ? ' (it is deleted; restore it or pick another name)' : '';
        throw new ConflictError(`Experiment '${name}' already exists${note}.`, { field: 'name' });
      }
      const now = Date.now();
      const id = Number(
        this.db
          .prepare(`INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time, created_by)
                    VALUES ((SELECT COALESCE(MAX(experiment_id), 0) + 1 FROM experiments), ?, '', ?, ?, ?)`)
          .run(name, now, now, input.user).lastInsertRowid,
      );
      const location = input.artifactLocation ? validateArtifactLocation(input.artifactLocation) : `mlflow-artifacts:/${id}`;
      this.db.prepare('UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?').run(location, id);
      const insertTag = this.db.prepare('INSERT OR REPLACE INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)');
      for (const tag of tags) insertTag.run(id, tag.key, tag.value);
      return id;
    })();
  }

  get(id: number): Experiment {
    const record = this.db.prepare('SELECT * FROM experiments WHERE experiment_id = ?').get(id) as ExperimentRecord | undefined;
    if (!record) throw new NotFoundError(`No Experiment with id=${id} exists`);
    return { ...record, tags: this.tagsOf([id]).get(id) ?? {} };
  }

  getByName(name: string): Experiment {
    const record = this.db
      .prepare(`SELECT * FROM experiments WHERE name = ? ORDER BY lifecycle_stage = 'active' DESC LIMIT 1`)
      .get(name) as ExperimentRecord | undefined;
    if (!record) throw new NotFoundError(`Could not find experiment with name '${name}'`);
    return { ...record, tags: this.tagsOf([record.experiment_id]).get(record.experiment_id) ?? {} };
  }

  /** Hydrates records in one query for their tags (no N+1). */
  withTags(records: ExperimentRecord[]): Experiment[] {
    const tags = this.tagsOf(records.map((record) => record.experiment_id));
    return records.map((record) => ({ ...record, tags: tags.get(record.experiment_id) ?? {} }));
  }

  requireActive(id: number): Experiment {
    const experiment = this.get(id);
    if (experiment.lifecycle_stage !== 'active') {
      throw new ValidationError(`Experiment ${id} ('${experiment.name}') is deleted; restore it before logging to it.`, { experiment_id: String(id) });
    }
    return experiment;
  }

  rename(id: number, newName: unknown): void {
    const name = validateName(newName, 'new_name');
    this.db.transaction(() => {
      this.get(id);
      const clash = this.db.prepare('SELECT experiment_id FROM experiments WHERE name = ? AND experiment_id != ?').get(name, id);
      if (clash) throw new ConflictError(`Experiment '${name}' already exists.`, { field: 'new_name' });
      this.db.prepare('UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(name, Date.now(), id);
    })();
  }

  /** Deleting an experiment also marks its runs deleted; restoring brings back those runs. */
  setLifecycle(id: number, stage: 'active' | 'deleted'): void {
    this.db.transaction(() => {
      const experiment = this.get(id);
      const now = Date.now();
      const deletedTime = stage === 'deleted' ? now : null;
      this.db
        .prepare('UPDATE experiments SET lifecycle_stage = ?, deleted_time = ?, last_update_time = ? WHERE experiment_id = ?')
        .run(stage, deletedTime, now, id);
      if (stage === 'deleted') {
        this.db.prepare(`UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = 'active'`).run(now, id);
      } else if (experiment.deleted_time !== null) {
        this.db
          .prepare(`UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ? AND deleted_time = ?`)
          .run(id, experiment.deleted_time);
      }
    })();
  }

  setTag(id: number, key: unknown, value: unknown): void {
    const validKey = validateKey(key, 'tag');
    const validValue = validateTagValue(value);
    this.db.transaction(() => {
      this.get(id);
      this.db.prepare('INSERT OR REPLACE INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)').run(id, validKey, validValue);
      this.db.prepare('UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?').run(Date.now(), id);
    })();
  }

  deleteTag(id: number, key: unknown): void {
    const validKey = requireString(key, 'key');
    this.db.transaction(() => {
      this.get(id);
      const removed = this.db.prepare('DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(id, validKey).changes;
      if (removed === 0) throw new NotFoundError(`No tag with name: ${validKey} in experiment ${id}.`);
    })();
  }

  private tagsOf(ids: number[]): Map<number, Record<string, string>> {
    const result = new Map<number, Record<string, string>>();
    if (ids.length === 0) return result;
    const rows = this.db
      .prepare(`SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Array<{ experiment_id: number; key: string; value: string }>;
    for (const row of rows) {
      let tags = result.get(row.experiment_id);
      if (!tags) result.set(row.experiment_id, (tags = {}));
      tags[row.key] = row.value;
    }
    return result;
  }
}

function validateTagValue(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  if (text.length > limits.experimentTagValueLength) {
    throw new ValidationError(`Experiment tag value had length ${text.length}, which exceeded length limit of ${limits.experimentTagValueLength}.`, { field: 'value' });
  }
  return text;
}
