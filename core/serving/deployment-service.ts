// Deployments: named endpoints whose arms are registered versions. A change loads every model it
// needs first and only then switches the live routing table in one assignment, so requests never
// see a half-applied change and a model that fails to load leaves the deployment as it was.
// Promote, rollback and every other change is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ArmStatus, DeploymentSummary, RolloutRequest, UpdateDeploymentRequest } from '../api/serving-contract.js';
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.js';
import type { RegistryService } from '../registry/registry-service.js';
import { versionSummaries } from '../registry/registry-views.js';
import { armVariant, compileRouter, type CompiledRoute } from './rollout-router.js';
import { versionKeyOf, type LoadedModel, type ModelPool } from './model-pool.js';
import type { DeploymentConfig, DeploymentFeatures, Variant, VersionRef } from './types.js';
import type { DeploymentFeaturesBody } from '../api/serving-contract.js';

interface DeploymentRow {
  name: string;
  config: string;
  created_time: number;
  created_by: string;
  updated_time: number;
  updated_by: string;
}

/** What the request path reads: one immutable object per deployment, replaced whole on change. */
export interface LiveDeployment {
  name: string;
  config: DeploymentConfig;
  route: CompiledRoute;
  /** Ready sessions by variant (`stable`, `candidate`, `arm-<i>`, `previous`, `shadow`). */
  models: Map<Variant, LoadedModel>;
}

function armsOf(config: DeploymentConfig): Array<{ variant: Variant; ref: VersionRef }> {
  return [
    { variant: 'stable' as Variant, ref: config.stable },
    ...config.candidates.map((candidate, index) => ({ variant: armVariant(index), ref: candidate })),
    ...(config.previous ? [{ variant: 'previous' as Variant, ref: config.previous }] : []),
    ...(config.shadow ? [{ variant: 'shadow' as Variant, ref: config.shadow }] : []),
  ];
}

function percentToBps(percent: number, field: string): number {
  if (!(percent >= 0 && percent <= 100)) throw new ValidationError(`${field} must be between 0 and 100, got ${percent}.`, { field });
  return Math.round(percent * 100);
}

export class DeploymentService {
  private readonly live = new Map<string, LiveDeployment>();
  private inferenceUrl = '';

  constructor(
    private readonly registry: RegistryService,
    private readonly pool: ModelPool,
  ) {}

  private get db() {
    return this.registry.db;
  }

  setInferenceUrl(url: string): void {
    this.inferenceUrl = url;
  }

  /** Brings every stored deployment back to life (on start); one that cannot load stays listed with its error. */
  async restore(): Promise<void> {
    const rows = this.db.prepare('SELECT * FROM deployments ORDER BY created_time').all() as DeploymentRow[];
    for (const row of rows) {
      const config = JSON.parse(row.config) as DeploymentConfig;
      try {
        this.live.set(row.name, await this.compile(row.name, config));
      } catch {
        // the failure is kept by the pool and shown on the deployment's arms; the rest keep serving
      }
    }
  }

  liveDeployment(name: string): LiveDeployment | undefined {
    return this.live.get(name);
  }

  /** The deployment `/invocations` and V1 use without a header: the oldest one. */
  defaultDeployment(): LiveDeployment | undefined {
    const row = this.db.prepare('SELECT name FROM deployments ORDER BY created_time LIMIT 1').get() as { name: string } | undefined;
    return row ? this.live.get(row.name) : undefined;
  }

  liveDeployments(): LiveDeployment[] {
    return [...this.live.values()];
  }

  private row(name: string): DeploymentRow {
    const row = this.db.prepare('SELECT * FROM deployments WHERE name = ?').get(name) as DeploymentRow | undefined;
    if (!row) throw new NotFoundError(`Deployment '${name}' does not exist.`);
    return row;
  }

  config(name: string): DeploymentConfig {
    return JSON.parse(this.row(name).config) as DeploymentConfig;
  }

  list(): DeploymentSummary[] {
    const rows = this.db.prepare('SELECT * FROM deployments ORDER BY created_time').all() as DeploymentRow[];
    return rows.map((row) => this.summary(row));
  }

  get(name: string): DeploymentSummary {
    return this.summary(this.row(name));
  }

  async create(input: { name: string; model: string; version: number; features?: DeploymentFeaturesBody | null }, user: string): Promise<DeploymentSummary> {
    if (this.db.prepare('SELECT 1 FROM deployments WHERE name = ?').get(input.name)) throw new ConflictError(`Deployment '${input.name}' already exists.`);
    const config: DeploymentConfig = {
      stable: { model: input.model, version: input.version },
      candidates: [],
      shadow: null,
      previous: null,
      stickyKey: null,
      excluded: [],
      ...newRollout(),
      features: featuresConfig(input.features),
    };
    const live = await this.compile(input.name, config);
    const now = Date.now();
    this.registry.write(() => {
      this.db.prepare('INSERT INTO deployments (name, config, created_time, created_by, updated_time, updated_by) VALUES (?, ?, ?, ?, ?, ?)').run(input.name, JSON.stringify(config), now, user, now, user);
      this.registry.audit.append({ actor: user, action: 'deployment.create', entityType: 'deployment', entityId: input.name, after: config });
    });
    this.activate(live);
    return this.get(input.name);
  }

  /** A new rollout: one candidate at `percent`, a fresh salt (cohorts of earlier rollouts do not carry over). */
  async rollout(name: string, input: RolloutRequest, user: string): Promise<DeploymentSummary> {
    const before = this.config(name);
    const candidate = { model: input.model, version: input.version };
    if (versionKeyOf(candidate) === versionKeyOf(before.stable)) throw new ValidationError(`${input.model} version ${input.version} is already the stable version of '${name}'.`, { field: 'version' });
    const config: DeploymentConfig = {
      ...before,
      candidates: [{ ...candidate, bps: percentToBps(input.percent, 'percent') }],
      stickyKey: input.sticky_key === undefined ? before.stickyKey : input.sticky_key,
      excluded: input.excluded ?? before.excluded,
      shadow: input.shadow === undefined ? before.shadow : input.shadow,
      ...newRollout(),
    };
    return this.change(name, before, config, 'deployment.rollout', user);
  }

  /** Slider moves and rule edits within the running rollout: the salt stays, so members stay put. */
  async update(name: string, input: UpdateDeploymentRequest, user: string): Promise<DeploymentSummary> {
    const before = this.config(name);
    let candidates = before.candidates;
    if (input.percents) {
      if (input.percents.length !== candidates.length) {
        throw new ValidationError(`percents needs one value per candidate arm (${candidates.length}), got ${input.percents.length}.`, { field: 'percents' });
      }
      candidates = candidates.map((arm, index) => ({ ...arm, bps: percentToBps(input.percents![index], `percents[${index}]`) }));
      const total = candidates.reduce((sum, arm) => sum + arm.bps, 0);
      if (total > 10_000) throw new ValidationError(`Candidate arms add up to ${(total / 100).toFixed(2)} %, over 100 %.`, { field: 'percents' });
    }
    const config: DeploymentConfig = {
      ...before,
      candidates,
      stickyKey: input.sticky_key === undefined ? before.stickyKey : input.sticky_key,
      excluded: input.excluded ?? before.excluded,
      shadow: input.shadow === undefined ? before.shadow : input.shadow,
      features: input.features === undefined ? before.features : featuresConfig(input.features),
    };
    return this.change(name, before, config, 'deployment.update', user);
  }

  /** The candidate becomes stable; the old stable is kept as `previous` for a revert. */
  async promote(name: string, user: string): Promise<DeploymentSummary> {
    const before = this.config(name);
    const [candidate] = before.candidates;
    if (!candidate) throw new ConflictError(`Deployment '${name}' has no candidate to promote.`, undefined, 'RESOURCE_CONFLICT');
    const config: DeploymentConfig = { ...before, previous: before.stable, stable: { model: candidate.model, version: candidate.version }, candidates: [] };
    return this.change(name, before, config, 'deployment.promote', user);
  }

  /** Every candidate to 0 %: stable takes all traffic; candidates stay loaded for explicit targeting. */
  async rollback(name: string, user: string): Promise<DeploymentSummary> {
    const before = this.config(name);
    if (before.candidates.length === 0) throw new ConflictError(`Deployment '${name}' has no candidate to roll back.`, undefined, 'RESOURCE_CONFLICT');
    const config: DeploymentConfig = { ...before, candidates: before.candidates.map((arm) => ({ ...arm, bps: 0 })) };
    return this.change(name, before, config, 'deployment.rollback', user);
  }

  remove(name: string, user: string): void {
    const before = this.config(name);
    this.registry.write(() => {
      this.db.prepare('DELETE FROM deployments WHERE name = ?').run(name);
      this.registry.audit.append({ actor: user, action: 'deployment.delete', entityType: 'deployment', entityId: name, before });
    });
    this.live.delete(name);
    this.pool.retainOnly(this.inUse());
  }

  private async change(name: string, before: DeploymentConfig, config: DeploymentConfig, action: string, user: string): Promise<DeploymentSummary> {
    const live = await this.compile(name, config);
    this.registry.write(() => {
      this.db.prepare('UPDATE deployments SET config = ?, updated_time = ?, updated_by = ? WHERE name = ?').run(JSON.stringify(config), Date.now(), user, name);
      this.registry.audit.append({ actor: user, action, entityType: 'deployment', entityId: name, before, after: config });
    });
    this.activate(live);
    return this.get(name);
  }

  /** Loads and warms every model of `config` before anything switches; a failure throws and changes nothing. */
  private async compile(name: string, config: DeploymentConfig): Promise<LiveDeployment> {
    const models = new Map<Variant, LoadedModel>();
    await Promise.all(
      armsOf(config).map(async ({ variant, ref }) => {
        try {
          models.set(variant, await this.pool.acquire(ref));
        } catch (error) {
          // The rollback target is a convenience: losing it must not block the deployment.
          if (variant !== 'previous') throw error;
        }
      }),
    );
    return { name, config, route: compileRouter(config), models };
  }

  private activate(live: LiveDeployment): void {
    this.live.set(live.name, live);
    this.pool.retainOnly(this.inUse());
  }

  private inUse(): Set<string> {
    const keys = new Set<string>();
    for (const deployment of this.live.values()) for (const model of deployment.models.values()) keys.add(model.key);
    return keys;
  }

  private summary(row: DeploymentRow): DeploymentSummary {
    const config = JSON.parse(row.config) as DeploymentConfig;
    const arms = armsOf(config).filter((arm) => arm.variant !== 'previous');
    const approvals = new Map<string, ArmStatus['approval']>();
    for (const ref of arms.map((arm) => arm.ref)) {
      try {
        const [summary] = versionSummaries(this.registry, [this.registry.store.version(ref.model, ref.version)]);
        approvals.set(versionKeyOf(ref), summary.approval);
      } catch {
        approvals.set(versionKeyOf(ref), 'not_submitted');
      }
    }
    const candidateTotal = config.candidates.reduce((sum, arm) => sum + arm.bps, 0);
    const base = this.inferenceUrl;
    const encoded = encodeURIComponent(row.name);
    return {
      name: row.name,
      created_time: row.created_time,
      created_by: row.created_by,
      updated_time: row.updated_time,
      updated_by: row.updated_by,
      arms: arms.map(({ variant, ref }) => {
        const loaded = this.pool.get(ref);
        const bps = variant === 'stable' ? 10_000 - candidateTotal : variant === 'shadow' ? 0 : (config.candidates[variant === 'candidate' ? 0 : Number(variant.slice(4)) - 1]?.bps ?? 0);
        return {
          variant,
          model: ref.model,
          version: ref.version,
          percent: bps / 100,
          approval: approvals.get(versionKeyOf(ref)) ?? 'not_submitted',
          ready: loaded !== undefined,
          load_ms: loaded ? Math.round(loaded.loadMs * 10) / 10 : null,
          error: loaded ? null : (this.pool.failure(ref) ?? null),
        };
      }),
      previous: config.previous,
      sticky_key: config.stickyKey,
      features: config.features ? { ...(config.features.service ? { service: config.features.service } : { features: config.features.features }), entity_key: config.features.entityKey, ...(config.features.allowStale ? { allow_stale: true } : {}) } : null,
      excluded: config.excluded,
      rollout_id: config.rolloutId,
      endpoints: {
        predict: `${base}/deployments/${encoded}/predict`,
        batch_predict: `${base}/deployments/${encoded}/batch_predict`,
        invocations: `${base}/invocations`,
        v2_infer: `${base}/v2/models/${encoded}/infer`,
        feedback: `${base}/deployments/${encoded}/feedback`,
      },
    };
  }
}

function featuresConfig(body: DeploymentFeaturesBody | null | undefined): DeploymentFeatures | null {
  if (!body) return null;
  return { ...(body.service ? { service: body.service } : { features: body.features }), entityKey: body.entity_key, ...(body.allow_stale ? { allowStale: true } : {}) };
}

function newRollout(): { rolloutId: string; salt: string } {
  return { rolloutId: randomUUID(), salt: randomBytes(8).toString('hex') };
}
