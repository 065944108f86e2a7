// The registry as one object: registered models, versions from runs or ONNX files, tags and
// aliases. Every change is written together with its audit entry in one immediate transaction,
// and every model file is scanned and loaded on the worker pool before anything is stored.
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../api/errors.js';
import { joinPath, storagePrefix } from '../tracking/artifacts.js';
import type { TrackingService } from '../tracking/service.js';
import { AuditLog } from './audit-log.js';
import { runLineage } from './lineage.js';
import { PolicyStore } from './policy-store.js';
import { RegistryStore, validateAlias, validateModelName, versionKey, type ModelRow, type NewVersion, type VersionRow } from './registry-store.js';
import { approvalState, ReviewStore } from './review-store.js';
import type { ModelScan, VersionLineage } from './types.js';

export class RegistryService {
  readonly store: RegistryStore;
  readonly reviews: ReviewStore;
  readonly audit: AuditLog;
  readonly policies: PolicyStore;

  constructor(readonly tracking: TrackingService) {
    this.store = new RegistryStore(tracking.db);
    this.reviews = new ReviewStore(tracking.db);
    this.audit = new AuditLog(tracking.db);
    this.policies = new PolicyStore(tracking.db, this.audit);
  }

  get db() {
    return this.tracking.db;
  }

  get workspace() {
    return this.tracking.workspace;
  }

  /** Runs `change` and its audit entries in one write transaction that takes the lock up front. */
  write<Result>(change: () => Result): Result {
    return this.db.transaction(change).immediate();
  }

  // ── Registered models ──────────────────────────────────────────────────────────────────────

  createModel(input: { name: string; description?: string; tags?: Record<string, string> }, user: string): ModelRow {
    const name = validateModelName(input.name);
    return this.write(() => {
      if (this.store.findModel(name)) throw new ConflictError(`Registered Model (name=${name}) already exists.`);
      const row = this.store.insertModel(name, user, input.description ?? '');
      for (const [key, value] of Object.entries(input.tags ?? {})) this.db.prepare('INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)').run(name, key, value);
      this.audit.append({ actor: user, action: 'registered_model.create', entityType: 'registered_model', entityId: name, after: { description: row.description, tags: input.tags ?? {} } });
      return row;
    });
  }

  private ensureModel(name: string, user: string): void {
    if (!this.store.findModel(validateModelName(name))) {
      this.store.insertModel(name, user);
      this.audit.append({ actor: user, action: 'registered_model.create', entityType: 'registered_model', entityId: name, after: { description: '', tags: {} } });
    }
  }

  renameModel(name: string, newName: string, user: string): ModelRow {
    validateModelName(newName, 'new_name');
    return this.write(() => {
      this.store.model(name);
      if (this.store.findModel(newName)) throw new ConflictError(`Registered Model (name=${newName}) already exists.`);
      this.db.prepare('UPDATE registered_models SET name = ?, last_updated_timestamp = ? WHERE name = ?').run(newName, Date.now(), name);
      this.audit.append({ actor: user, action: 'registered_model.rename', entityType: 'registered_model', entityId: newName, before: { name }, after: { name: newName } });
      return this.store.model(newName);
    });
  }

  updateModel(name: string, description: string, user: string): ModelRow {
    return this.write(() => {
      const before = this.store.model(name);
      this.db.prepare('UPDATE registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?').run(description, Date.now(), name);
      this.audit.append({ actor: user, action: 'registered_model.update', entityType: 'registered_model', entityId: name, before: { description: before.description }, after: { description } });
      return this.store.model(name);
    });
  }

  deleteModel(name: string, user: string): void {
    this.write(() => {
      const versions = this.store.versions(this.store.model(name).name).map((row) => row.version);
      this.db.prepare('DELETE FROM registered_models WHERE name = ?').run(name);
      this.audit.append({ actor: user, action: 'registered_model.delete', entityType: 'registered_model', entityId: name, before: { versions } });
    });
  }

  setModelTag(name: string, key: string, value: string, user: string): void {
    this.write(() => {
      this.store.model(name);
      const before = this.db.prepare('SELECT value FROM registered_model_tags WHERE name = ? AND key = ?').get(name, key) as { value: string } | undefined;
      this.db.prepare('INSERT OR REPLACE INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)').run(name, key, value);
      this.store.touchModel(name);
      this.audit.append({ actor: user, action: 'registered_model.set_tag', entityType: 'registered_model', entityId: name, before: before ? { [key]: before.value } : null, after: { [key]: value } });
    });
  }

  deleteModelTag(name: string, key: string, user: string): void {
    this.write(() => {
      this.store.model(name);
      const before = this.db.prepare('SELECT value FROM registered_model_tags WHERE name = ? AND key = ?').get(name, key) as { value: string } | undefined;
      if (!before) throw new NotFoundError(`Tag '${key}' of registered model ${name} not found`);
      this.db.prepare('DELETE FROM registered_model_tags WHERE name = ? AND key = ?').run(name, key);
      this.audit.append({ actor: user, action: 'registered_model.delete_tag', entityType: 'registered_model', entityId: name, before: { [key]: before.value } });
    });
  }

  // ── Versions ───────────────────────────────────────────────────────────────────────────────

  /** A run's ONNX model folder (default `model`) becomes the next version of `name`. */
  async registerRun(input: { name: string; runId: string; artifactPath?: string; description?: string; tags?: Record<string, string> }, user: string): Promise<VersionRow> {
    validateModelName(input.name);
    const run = this.tracking.runs.get(input.runId);
    const prefix = storagePrefix(run.artifact_uri);
    if (prefix === null) throw new ValidationError(`Run ${run.run_id} keeps its artifacts outside this workspace (${run.artifact_uri}); register an ONNX file with import instead.`);
    const folder = (input.artifactPath ?? 'model').replace(/^\/+|\/+$/g, '');
    let file: { sha256: string; size: number };
    try {
      file = this.tracking.artifacts.file(joinPath(prefix, folder, 'model.onnx'));
    } catch {
      throw new ValidationError(`Run ${run.run_id} has no ONNX model at '${folder}/model.onnx'; train with the workbench or log an ONNX model there first.`, { field: 'artifact_path' });
    }
    const scan = await this.scan(file.sha256);
    return this.addVersion({
      name: input.name,
      user,
      source: `${run.artifact_uri}/${folder}`,
      runId: run.run_id,
      description: input.description,
      origin: 'run',
      sha256: file.sha256,
      size: file.size,
      scan,
      lineage: runLineage(this.tracking, run.run_id),
    }, input.tags);
  }

  /**
   * Stores an external ONNX file as the next version (or as `version`, refused when taken); a file
   * that fails the scan stores nothing. `alsoWrite` runs in the same transaction as the version.
   */
  async importModel(
    input: { name: string; source: Readable; fileName: string; description?: string; tags?: Record<string, string>; version?: number; alsoWrite?: (row: VersionRow) => void },
    user: string,
  ): Promise<VersionRow> {
    validateModelName(input.name);
    const stored = await this.workspace.artifacts.putStream(input.source);
    let scan: ModelScan;
    try {
      scan = await this.scan(stored.sha256);
    } catch (error) {
      await this.discardObject(stored.sha256);
      throw error;
    }
    const fileName = path.basename(input.fileName);
    const lineage: VersionLineage = { datasets: [], feature_views: [], packages: {}, imported: { file_name: fileName, producer: [scan.producerName, scan.producerVersion].filter(Boolean).join(' ') } };
    return this.write(() => {
      this.ensureModel(input.name, user);
      const version = input.version ?? this.store.model(input.name).next_version;
      const artifactPath = `registry/${input.name}/v${version}/model.onnx`;
      const row = this.addVersionInTransaction(
        { name: input.name, user, source: `mlflow-artifacts:/${path.posix.dirname(artifactPath)}`, runId: null, description: input.description, origin: 'import', sha256: stored.sha256, size: stored.size, scan, lineage, version: input.version },
        input.tags,
      );
      this.db
        .prepare('INSERT OR REPLACE INTO artifact_files (path, sha256, size, created_time, created_by) VALUES (?, ?, ?, ?, ?)')
        .run(artifactPath, stored.sha256, stored.size, Date.now(), user);
      input.alsoWrite?.(row);
      return row;
    });
  }

  async importFile(input: { name: string; file: string; description?: string }, user: string): Promise<VersionRow> {
    const info = await stat(input.file).catch(() => null);
    if (!info?.isFile()) throw new ValidationError(`No such file: ${input.file}`, { field: 'path' });
    return this.importModel({ name: input.name, source: createReadStream(input.file), fileName: input.file, description: input.description }, user);
  }

  /** MLflow's createModelVersion: any source; ONNX found under a workbench source is scanned. */
  async createVersionFromSource(input: { name: string; source: string; runId?: string; runLink?: string; description?: string; tags?: Record<string, string> }, user: string): Promise<VersionRow> {
    this.store.model(input.name);
    const runId = input.runId || sourceRunId(input.source);
    let file: { sha256: string; size: number } | undefined;
    const prefix = resolveSourcePrefix(this.tracking, input.source);
    if (prefix !== null) {
      try {
        file = this.tracking.artifacts.file(joinPath(prefix, 'model.onnx'));
      } catch {
        file = undefined; // a non-ONNX MLflow model: registered, but governance has nothing to scan
      }
    }
    let scan: ModelScan | null = null;
    let failure: string | undefined;
    if (file) {
      try {
        scan = await this.scan(file.sha256);
      } catch (error) {
        failure = (error as Error).message;
      }
    }
    let lineage: VersionLineage = { datasets: [], feature_views: [], packages: {} };
    if (runId) {
      try {
        lineage = runLineage(this.tracking, runId);
      } catch {
        // MLflow accepts run ids of other tracking servers; lineage then stays empty
      }
    }
    return this.addVersion(
      {
        name: input.name,
        user,
        source: input.source,
        runId: runId ?? null,
        runLink: input.runLink,
        description: input.description,
        origin: 'mlflow',
        sha256: file?.sha256 ?? null,
        size: file?.size ?? null,
        scan,
        lineage,
        status: failure ? 'FAILED_REGISTRATION' : 'READY',
        statusMessage: failure ?? '',
      },
      input.tags,
    );
  }

  private addVersion(input: NewVersion, tags?: Record<string, string>): VersionRow {
    return this.write(() => {
      this.ensureModel(input.name, input.user);
      return this.addVersionInTransaction(input, tags);
    });
  }

  private addVersionInTransaction(input: NewVersion, tags?: Record<string, string>): VersionRow {
    const row = this.store.insertVersion(input);
    for (const [key, value] of Object.entries(tags ?? {})) this.db.prepare('INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)').run(row.name, row.version, key, value);
    this.audit.append({
      actor: input.user,
      action: 'model_version.create',
      entityType: 'model_version',
      entityId: `${row.name}/${row.version}`,
      after: { source: row.source, run_id: row.run_id, origin: row.origin, sha256: row.sha256, size: row.size, status: row.status, tags: tags ?? {} },
    });
    return row;
  }

  /** Scans the stored bytes on the worker pool: structure, allowed domains, and a real load. */
  private async scan(sha256: string): Promise<ModelScan> {
    const structure = await this.workspace.pool.run('scanOnnx', { file: this.workspace.artifacts.objectPath(sha256) });
    return { sha256, ...structure };
  }

  /** Removes a rejected upload's bytes unless something else already refers to the same content. */
  private async discardObject(sha256: string): Promise<void> {
    const used = this.db.prepare('SELECT 1 FROM artifact_files WHERE sha256 = ? UNION ALL SELECT 1 FROM dataset_versions WHERE source_sha256 = ? OR columnar_sha256 = ? LIMIT 1').get(sha256, sha256, sha256);
    if (used) return;
    await rm(this.workspace.artifacts.objectPath(sha256), { force: true });
  }

  updateVersion(name: string, version: number, description: string, user: string): VersionRow {
    return this.write(() => {
      const before = this.store.version(name, version);
      this.db.prepare('UPDATE model_versions SET description = ? WHERE name = ? AND version = ?').run(description, name, version);
      this.store.reviseVersion(name, version);
      this.audit.append({ actor: user, action: 'model_version.update', entityType: 'model_version', entityId: `${name}/${version}`, before: { description: before.description }, after: { description } });
      return this.store.version(name, version);
    });
  }

  deleteVersion(name: string, version: number, user: string): void {
    this.write(() => {
      const before = this.store.version(name, version);
      const aliases = Object.entries(this.store.aliases([name]).get(name) ?? {}).filter(([, target]) => target === version).map(([alias]) => alias);
      this.db.prepare('DELETE FROM model_versions WHERE name = ? AND version = ?').run(name, version);
      this.store.touchModel(name);
      this.audit.append({ actor: user, action: 'model_version.delete', entityType: 'model_version', entityId: `${name}/${version}`, before: { sha256: before.sha256, source: before.source, aliases } });
    });
  }

  setVersionTag(name: string, version: number, key: string, value: string, user: string): void {
    guardProvenance(name, version, key);
    this.write(() => {
      this.store.version(name, version);
      const before = this.db.prepare('SELECT value FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').get(name, version, key) as { value: string } | undefined;
      if (before?.value === value) return;
      this.db.prepare('INSERT OR REPLACE INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)').run(name, version, key, value);
      this.store.reviseVersion(name, version);
      this.audit.append({ actor: user, action: 'model_version.set_tag', entityType: 'model_version', entityId: `${name}/${version}`, before: before ? { [key]: before.value } : null, after: { [key]: value } });
    });
  }

  deleteVersionTag(name: string, version: number, key: string, user: string): void {
    guardProvenance(name, version, key);
    this.write(() => {
      this.store.version(name, version);
      const before = this.db.prepare('SELECT value FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').get(name, version, key) as { value: string } | undefined;
      if (!before) throw new NotFoundError(`Tag '${key}' of model version ${name}/${version} not found`);
      this.db.prepare('DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').run(name, version, key);
      this.store.reviseVersion(name, version);
      this.audit.append({ actor: user, action: 'model_version.delete_tag', entityType: 'model_version', entityId: `${name}/${version}`, before: { [key]: before.value } });
    });
  }

  transitionStage(name: string, version: number, stage: string, archiveExisting: boolean, user: string): VersionRow {
    const stages = ['None', 'Staging', 'Production', 'Archived'];
    const canonical = stages.find((candidate) => candidate.toLowerCase() === stage.toLowerCase());
    if (!canonical) throw new ValidationError(`Invalid Model Version stage: ${stage}. Value must be one of ${stages.join(', ')}.`, { field: 'stage' });
    return this.write(() => {
      const before = this.store.version(name, version);
      const now = Date.now();
      if (archiveExisting && (canonical === 'Staging' || canonical === 'Production')) {
        this.db.prepare(`UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = ? WHERE name = ? AND current_stage = ? AND version != ?`).run(now, name, canonical, version);
      }
      this.db.prepare('UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(canonical, now, name, version);
      this.audit.append({ actor: user, action: 'model_version.transition_stage', entityType: 'model_version', entityId: `${name}/${version}`, before: { stage: before.current_stage }, after: { stage: canonical, archive_existing_versions: archiveExisting } });
      return this.store.version(name, version);
    });
  }

  // ── Aliases ────────────────────────────────────────────────────────────────────────────────

  /**
   * Moves (or creates) an alias; protected aliases need a current approval of the version. A team
   * registry passes `gate: false` (its gate is the approver role plus the pushed approval record)
   * and its own audit action.
   */
  setAlias(name: string, aliasInput: unknown, version: number, user: string, options: { gate?: boolean; action?: string } = {}): void {
    const alias = validateAlias(aliasInput);
    this.write(() => {
      const row = this.store.version(name, version);
      const policy = this.policies.current();
      if (options.gate !== false && policy.policy.protected_aliases.includes(alias)) {
        const review = this.reviews.latest([row]).get(versionKey(name, version));
        const state = approvalState(review, row, policy.version);
        if (state !== 'approved') {
          throw new ConflictError(
            `Alias '${alias}' is protected: version ${version} of ${name} needs an approval under policy version ${policy.version}, but it is ${state.replace('_', ' ')}. Submit it for review (mlwb models submit ${name} ${version}).`,
            { alias, state, policy_version: policy.version },
            'RESOURCE_CONFLICT',
          );
        }
      }
      const before = this.store.aliasVersion(name, alias);
      this.db.prepare('INSERT OR REPLACE INTO model_aliases (name, alias, version) VALUES (?, ?, ?)').run(name, alias, version);
      this.store.touchModel(name);
      this.audit.append({ actor: user, action: options.action ?? 'alias.set', entityType: 'alias', entityId: `${name}@${alias}`, before: before === undefined ? null : { version: before }, after: { version } });
    });
  }

  deleteAlias(name: string, alias: string, user: string, options: { action?: string } = {}): void {
    this.write(() => {
      this.store.model(name);
      const before = this.store.aliasVersion(name, alias);
      if (before === undefined) throw new NotFoundError(`Registered model alias ${alias} not found.`);
      this.db.prepare('DELETE FROM model_aliases WHERE name = ? AND alias = ?').run(name, alias);
      this.store.touchModel(name);
      this.audit.append({ actor: user, action: options.action ?? 'alias.delete', entityType: 'alias', entityId: `${name}@${alias}`, before: { version: before } });
    });
  }

  versionByAlias(name: string, alias: string): VersionRow {
    this.store.model(name);
    const version = this.store.aliasVersion(name, alias);
    if (version === undefined) throw new NotFoundError(`Registered model alias ${alias} not found.`);
    return this.store.version(name, version);
  }
}

/** Where a pulled version came from is a record, not a setting: only the pull writes those tags. */
function guardProvenance(name: string, version: number, key: string): void {
  if (key.startsWith('mlwb.provenance.')) throw new ForbiddenError(`Tag '${key}' records where version ${version} of ${name} was pulled from; it cannot be changed.`);
}

/** `runs:/<run_id>/…` names its run; other sources do not. */
function sourceRunId(source: string): string | undefined {
  const match = /^runs:\/([^/]+)/.exec(source);
  return match?.[1];
}

/** The artifact-store prefix a model source points at, when this workspace holds it. */
function resolveSourcePrefix(tracking: TrackingService, source: string): string | null {
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (runs) {
    try {
      const prefix = storagePrefix(tracking.runs.get(runs[1]).artifact_uri);
      return prefix === null ? null : joinPath(prefix, runs[2].replace(/\/+$/, ''));
    } catch {
      return null;
    }
  }
  if (source.startsWith('mlflow-artifacts:')) return storagePrefix(source.replace(/\/+$/, ''));
  return null;
}
