import { describe, expect, it } from 'vitest';
import { ValidationError } from '../api/errors.js';
import { bucketOf } from './bucketing.js';
import { armVariant, compileRouter, route, type RouteRequest } from './rollout-router.js';
import type { CandidateArm, DeploymentConfig } from './types.js';

const canary = (bps: number, overrides: Partial<DeploymentConfig> = {}): DeploymentConfig => ({
  stable: { model: 'churn', version: 1 },
  candidates: [{ model: 'churn', version: 2, bps }],
  shadow: null,
  previous: null,
  stickyKey: 'customer_id',
  excluded: [],
  rolloutId: 'rollout-1',
  salt: 'rollout-1',
  ...overrides,
});

const withFields = (fields: Record<string, unknown>, explicitVariant?: string | null): RouteRequest => ({ fields: (name) => fields[name], explicitVariant });
const customers = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);

const candidateMembers = (config: DeploymentConfig): Set<string> => {
  const router = compileRouter(config);
  return new Set(customers.filter((customer) => router(withFields({ customer_id: customer })).variant === 'candidate'));
};

describe('compileRouter: canary by sticky key', () => {
  it('never sends anyone to the candidate at 0 %', () => {
    expect(candidateMembers(canary(0)).size).toBe(0);
  });

  it('sends everyone to the candidate at 100 %', () => {
    expect(candidateMembers(canary(10_000)).size).toBe(customers.length);
  });

  it('keeps every earlier candidate member while ramping 10 → 20 → 50 %', () => {
    const at10 = candidateMembers(canary(1000));
    const at20 = candidateMembers(canary(2000));
    const at50 = candidateMembers(canary(5000));
    for (const member of at10) expect(at20.has(member)).toBe(true);
    for (const member of at20) expect(at50.has(member)).toBe(true);
    // The shares are those of the slider, within sampling noise of 10,000 keys.
    expect(at10.size / customers.length).toBeCloseTo(0.1, 1);
    expect(at20.size / customers.length).toBeCloseTo(0.2, 1);
    expect(at50.size / customers.length).toBeCloseTo(0.5, 1);
  });

  it('decides on the §5 threshold: customer-42 is stable at 24.98 % and candidate at 24.99 %', () => {
    const at2498 = compileRouter(canary(2498))(withFields({ customer_id: 'customer-42' }));
    const at2499 = compileRouter(canary(2499))(withFields({ customer_id: 'customer-42' }));
    expect(at2498).toEqual({ variant: 'stable', target: { model: 'churn', version: 1 }, reason: 'split', bucket: 2498 });
    expect(at2499).toEqual({ variant: 'candidate', target: { model: 'churn', version: 2 }, reason: 'split', bucket: 2498 });
  });

  it('routes a numeric key like its decimal string', () => {
    const router = compileRouter(canary(5000));
    expect(router(withFields({ customer_id: 123 }))).toEqual(router(withFields({ customer_id: '123' })));
  });

  it('sends requests without a key to stable with no bucket', () => {
    const router = compileRouter(canary(10_000));
    for (const value of [undefined, null, '']) {
      expect(router(withFields({ customer_id: value }))).toEqual({ variant: 'stable', target: { model: 'churn', version: 1 }, reason: 'missing_key', bucket: null });
    }
  });

  it('refuses a routing key that is an object', () => {
    expect(() => compileRouter(canary(5000))(withFields({ customer_id: { id: 1 } }))).toThrow(ValidationError);
  });
});

describe('compileRouter: exclusions', () => {
  const router = compileRouter(canary(10_000, { excluded: [{ column: 'country', value: 'DE' }, { column: 'tier', value: '3' }] }));

  it('keeps excluded segments on stable before any bucketing', () => {
    expect(router(withFields({ customer_id: 'customer-1', country: 'DE' }))).toMatchObject({ variant: 'stable', reason: 'excluded', bucket: null });
    // Compared as text: the number 3 matches the configured "3".
    expect(router(withFields({ customer_id: 'customer-1', tier: 3 }))).toMatchObject({ variant: 'stable', reason: 'excluded' });
    expect(router(withFields({ country: 'DE' }))).toMatchObject({ reason: 'excluded' });
  });

  it('lets everyone else through to the split', () => {
    expect(router(withFields({ customer_id: 'customer-1', country: 'FR', tier: 2 }))).toMatchObject({ variant: 'candidate', reason: 'split' });
  });
});

describe('compileRouter: explicit targets', () => {
  const config = canary(0, {
    candidates: [
      { model: 'churn', version: 2, bps: 0 },
      { model: 'churn-gbdt', version: 1, bps: 0 },
    ],
    previous: { model: 'churn', version: 0 },
    excluded: [{ column: 'country', value: 'DE' }],
  });
  const router = compileRouter(config);

  it('serves the named variant even at 0 % and inside an excluded segment', () => {
    expect(router(withFields({ country: 'DE' }, 'candidate'))).toMatchObject({ variant: 'candidate', target: { model: 'churn', version: 2 }, reason: 'explicit', bucket: null });
    expect(router(withFields({}, 'arm-2'))).toMatchObject({ variant: 'arm-2', target: { model: 'churn-gbdt', version: 1 }, reason: 'explicit' });
    expect(router(withFields({}, 'previous'))).toMatchObject({ variant: 'previous', target: { model: 'churn', version: 0 } });
    expect(router(withFields({}, 'stable'))).toMatchObject({ variant: 'stable', target: { model: 'churn', version: 1 } });
  });

  it("accepts KServe's tags: latest is the candidate, prev is stable", () => {
    expect(router(withFields({}, 'latest')).variant).toBe('candidate');
    expect(router(withFields({}, 'prev')).variant).toBe('stable');
  });

  it('names the allowed variants when the target is unknown', () => {
    expect(() => router(withFields({}, 'arm-3'))).toThrow(ValidationError);
    expect(() => router(withFields({}, 'shadow'))).toThrow(/stable, prev, previous, candidate, arm-2, latest, arm-1/);
  });

  it('refuses `previous` when there is none or it is the stable version', () => {
    expect(() => compileRouter(canary(0))(withFields({}, 'previous'))).toThrow(/unknown model variant "previous"/);
    const same = compileRouter(canary(0, { previous: { model: 'churn', version: 1 } }));
    expect(() => same(withFields({}, 'previous'))).toThrow(ValidationError);
  });

  it('refuses `candidate` when no rollout is running', () => {
    expect(() => compileRouter(canary(0, { candidates: [] }))(withFields({}, 'latest'))).toThrow(/has: stable, prev$/);
  });
});

describe('compileRouter: A/B arms', () => {
  const arms: CandidateArm[] = [
    { model: 'churn', version: 2, bps: 3000 },
    { model: 'churn-gbdt', version: 1, bps: 2000 },
  ];
  const router = compileRouter(canary(0, { candidates: arms, salt: 'experiment-7' }));

  it('gives arm i the buckets [Σ earlier shares, + its share) and stable the rest', () => {
    for (const customer of customers.slice(0, 2000)) {
      const bucket = bucketOf('experiment-7', customer);
      const expected = bucket < 3000 ? 'candidate' : bucket < 5000 ? 'arm-2' : 'stable';
      const decision = router(withFields({ customer_id: customer }));
      expect(decision).toMatchObject({ variant: expected, bucket, reason: 'split' });
    }
  });

  it('never turns a single arm at weight 0 into an even split', () => {
    const zero = compileRouter(canary(0, { candidates: [{ model: 'churn', version: 2, bps: 0 }], stickyKey: null }));
    for (let index = 0; index < 10_000; index++) expect(zero(withFields({}), Math.random).variant).toBe('stable');
  });

  it('keeps the other arms in place while one is not ready', () => {
    const held = compileRouter(canary(0, { candidates: arms, salt: 'experiment-7' }), { unready: ['candidate'] });
    for (const customer of customers.slice(0, 2000)) {
      const bucket = bucketOf('experiment-7', customer);
      expect(held(withFields({ customer_id: customer })).variant).toBe(bucket >= 3000 && bucket < 5000 ? 'arm-2' : 'stable');
    }
    expect(held(withFields({}, 'candidate')).variant).toBe('candidate');
  });

  it('refuses shares that are not whole basis points or add up to more than 100 %', () => {
    expect(() => compileRouter(canary(12.5))).toThrow(ValidationError);
    expect(() => compileRouter(canary(0, { candidates: [{ ...arms[0], bps: 6000 }, { ...arms[1], bps: 5000 }] }))).toThrow(/110 %/);
  });

  it('names arms candidate, arm-2, arm-3 in order', () => {
    expect([0, 1, 2].map(armVariant)).toEqual(['candidate', 'arm-2', 'arm-3']);
  });
});

describe('compileRouter: random routing', () => {
  it('splits close to the weights over 100k requests, with no bucket logged', () => {
    const router = compileRouter(
      canary(0, {
        stickyKey: null,
        candidates: [
          { model: 'churn', version: 2, bps: 1000 },
          { model: 'churn', version: 3, bps: 2500 },
        ],
      }),
    );
    const counts = new Map<string, number>();
    const logged = new Set<string>();
    const request = withFields({});
    for (let index = 0; index < 100_000; index++) {
      const decision = router(request);
      logged.add(`${decision.reason}/${decision.bucket}`);
      counts.set(decision.variant, (counts.get(decision.variant) ?? 0) + 1);
    }
    expect([...logged]).toEqual(['random/null']);
    // 5 standard deviations of a binomial at n = 100k is under 0.7 percentage points.
    expect(Math.abs(counts.get('candidate')! / 100_000 - 0.1)).toBeLessThan(0.007);
    expect(Math.abs(counts.get('arm-2')! / 100_000 - 0.25)).toBeLessThan(0.007);
    expect(Math.abs(counts.get('stable')! / 100_000 - 0.65)).toBeLessThan(0.007);
  });

  it('uses the random source it is given', () => {
    const router = compileRouter(canary(1000, { stickyKey: null }));
    expect(router(withFields({}), () => 0.0999).variant).toBe('candidate');
    expect(router(withFields({}), () => 0.1).variant).toBe('stable');
  });
});

describe('route', () => {
  it('decides as the compiled router does', () => {
    expect(route(canary(2499), withFields({ customer_id: 'customer-42' }))).toMatchObject({ variant: 'candidate', bucket: 2498 });
  });
});
