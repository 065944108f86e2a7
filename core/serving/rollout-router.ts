// Picks the variant of a deployment that answers one request, in the order of
// reference/inference-protocols.md §5: explicit target, excluded segment, missing key, then the
// bucket split. It runs on every request, so compileRouter does all the work that depends only on
// the configuration once, and every decision without a bucket is a shared, frozen object.
import { ValidationError } from '../api/errors.js';
import { bucketCount, bucketOfSaltHash, fnv1a32 } from './bucketing.js';
import type { DeploymentConfig, RouteDecision, RouteReason, Variant, VersionRef } from './types.js';

export interface RouteRequest {
  /** A request field by name (an input column, `parameters.routing_key`, …); undefined if absent. */
  fields: (name: string) => unknown;
  /** From the `x-model-variant` header or a pinned version path; null/undefined = let the split decide. */
  explicitVariant?: string | null;
}

export interface RouterOptions {
  /**
   * Candidate variants not ready or unhealthy (§4: effective weight 0). Their bucket ranges stay
   * where they are, so no member of another arm moves; requests in them go to stable until the
   * router is rebuilt without them.
   */
  unready?: Iterable<Variant>;
}

export type CompiledRoute = (request: RouteRequest, random?: () => number) => RouteDecision;

/** The variant name of candidate arm `index`: the first is `candidate`, then `arm-2`, `arm-3`, … */
export function armVariant(index: number): Variant {
  return index === 0 ? 'candidate' : `arm-${index + 1}`;
}

interface Arm {
  variant: Variant;
  target: VersionRef;
  /** Buckets [start, end) belong to this arm. */
  start: number;
  end: number;
  ready: boolean;
  /** Shared decisions for the paths that carry no bucket. */
  explicit: RouteDecision;
  random: RouteDecision;
}

const decision = (variant: Variant, target: VersionRef, reason: RouteReason): RouteDecision => Object.freeze({ variant, target, reason, bucket: null });

/** Validates `config` and precomputes its ranges and decisions; rebuild it when the config changes. */
export function compileRouter(config: DeploymentConfig, options: RouterOptions = {}): CompiledRoute {
  const unready = new Set<string>(options.unready ?? []);
  const arms: Arm[] = [];
  let start = 0;
  config.candidates.forEach((candidate, index) => {
    if (!Number.isInteger(candidate.bps) || candidate.bps < 0 || candidate.bps > bucketCount) {
      throw new ValidationError(`the traffic share of ${armVariant(index)} must be a whole number of basis points from 0 to 10000, not ${candidate.bps}`);
    }
    const variant = armVariant(index);
    const target: VersionRef = { model: candidate.model, version: candidate.version };
    arms.push({
      variant,
      target,
      start,
      end: start + candidate.bps,
      ready: !unready.has(variant),
      explicit: decision(variant, target, 'explicit'),
      random: decision(variant, target, 'random'),
    });
    start += candidate.bps;
  });
  if (start > bucketCount) throw new ValidationError(`the candidates' traffic shares add up to ${start / 100} %, more than 100 %`);

  const stable: VersionRef = { model: config.stable.model, version: config.stable.version };
  const stableExplicit = decision('stable', stable, 'explicit');
  const stableExcluded = decision('stable', stable, 'excluded');
  const stableMissingKey = decision('stable', stable, 'missing_key');
  const stableRandom = decision('stable', stable, 'random');

  // Explicit targets, aliases included, resolved by one map lookup per request.
  const explicitTargets = new Map<string, RouteDecision>([
    ['stable', stableExplicit],
    ['prev', stableExplicit], // KServe's `prev` tag is the rolled-out version: our stable (§4.1)
  ]);
  const previous = config.previous;
  // Never route to `previous` when it is the stable version itself (kserve/kserve PR #2040).
  if (previous && (previous.model !== stable.model || previous.version !== stable.version)) {
    explicitTargets.set('previous', decision('previous', { model: previous.model, version: previous.version }, 'explicit'));
  }
  for (const arm of arms) explicitTargets.set(arm.variant, arm.explicit);
  if (arms.length > 0) {
    explicitTargets.set('latest', arms[0].explicit);
    explicitTargets.set('arm-1', arms[0].explicit);
  }
  const allowed = [...explicitTargets.keys()].join(', ');

  // Exclusion values compared as strings, grouped so each column is read once per request.
  const exclusions = new Map<string, Set<string>>();
  for (const segment of config.excluded) {
    const values = exclusions.get(segment.column) ?? new Set<string>();
    values.add(segment.value);
    exclusions.set(segment.column, values);
  }
  const excludedColumns = [...exclusions.entries()];

  const stickyKey = config.stickyKey;
  const saltHash = fnv1a32(config.salt);

  const armOf = (bucket: number): Arm | undefined => {
    for (const arm of arms) if (bucket >= arm.start && bucket < arm.end) return arm;
    return undefined;
  };

  return (request, random = Math.random) => {
    const explicit = request.explicitVariant;
    if (explicit !== undefined && explicit !== null && explicit !== '') {
      const target = explicitTargets.get(explicit);
      if (target === undefined) throw new ValidationError(`unknown model variant "${explicit}"; this deployment has: ${allowed}`, { variant: explicit, allowed: [...explicitTargets.keys()] });
      return target;
    }

    for (const [column, values] of excludedColumns) {
      const value = request.fields(column);
      if (value !== undefined && value !== null && values.has(typeof value === 'string' ? value : String(value))) return stableExcluded;
    }

    if (stickyKey === null) {
      const arm = armOf(Math.floor(random() * bucketCount));
      return arm && arm.ready ? arm.random : stableRandom;
    }

    const key = request.fields(stickyKey);
    if (key === undefined || key === null || key === '') return stableMissingKey;
    const bucket = bucketOfSaltHash(saltHash, stickyKeyText(stickyKey, key));
    const arm = armOf(bucket);
    if (arm && arm.ready) return { variant: arm.variant, target: arm.target, reason: 'split', bucket };
    return { variant: 'stable', target: stable, reason: 'split', bucket };
  };
}

function stickyKeyText(name: string, key: unknown): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  if (typeof key === 'bigint' || typeof key === 'boolean') return String(key);
  throw new ValidationError(`the routing key "${name}" must be a string or a number`, { field: name });
}

/** One-off routing; a server should keep the compileRouter closure per deployment instead. */
export function route(config: DeploymentConfig, request: RouteRequest, random: () => number = Math.random): RouteDecision {
  return compileRouter(config)(request, random);
}
