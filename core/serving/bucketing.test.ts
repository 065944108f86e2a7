import { describe, expect, it } from 'vitest';
import { bucketOf, bucketOfSaltHash, fnv1a32 } from './bucketing.js';

// Every vector below is from reference/inference-protocols.md §5.
describe('fnv1a32', () => {
  it('matches the FNV-1a core values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });

  it('continues a hash from a previous state as if the texts were concatenated', () => {
    expect(fnv1a32('customer-42', fnv1a32('rollout-1'))).toBe(fnv1a32('rollout-1customer-42'));
  });
});

describe('bucketOf', () => {
  const table: Array<[salt: string, key: string, inner: number, outer: number, bucket: number]> = [
    ['rollout-1', 'customer-42', 2850242941, 3119272498, 2498],
    ['rollout-1', 'customer-43', 2833465322, 2817267823, 7823],
    ['rollout-1', 'acme-corp', 2296522237, 3697516115, 6115],
    ['', 'a', 3826002220, 1854020216, 216],
    ['seed', '1', 4207405863, 2356152140, 2140],
  ];

  it.each(table)('(%j, %j) hashes to %d, then %d, bucket %d', (salt, key, inner, outer, bucket) => {
    expect(fnv1a32(salt + key)).toBe(inner);
    expect(fnv1a32(String(inner))).toBe(outer);
    expect(bucketOf(salt, key)).toBe(bucket);
  });

  it('puts customer-42 in stable at 24.98 % and in the candidate at 24.99 %', () => {
    const bucket = bucketOf('rollout-1', 'customer-42');
    expect(bucket < 2498).toBe(false);
    expect(bucket < 2499).toBe(true);
  });

  it('hashes UTF-16 code units, not UTF-8 bytes', () => {
    expect(bucketOf('rollout-1', 'café')).toBe(6297);
    const utf8AsCodeUnits = Buffer.from('café', 'utf8').toString('latin1');
    expect(bucketOf('rollout-1', utf8AsCodeUnits)).toBe(6374);
  });

  it("reproduces GrowthBook's version-2 hash cases", () => {
    expect(bucketOf('seed', 'a') / 10000).toBe(0.0505);
    expect(bucketOf('foo', 'ab') / 10000).toBe(0.2575);
    expect(bucketOf('90850943850283058242805', '123') / 10000).toBe(0.7516);
  });

  it('gives a numeric key the bucket of its decimal string', () => {
    expect(bucketOf('90850943850283058242805', 123)).toBe(7516);
    expect(bucketOf('seed', 1)).toBe(2140);
  });

  it('agrees with the pre-hashed salt form the router uses', () => {
    const saltHash = fnv1a32('rollout-1');
    for (const key of ['customer-42', 'customer-43', 'acme-corp', 'café', 0, 4294967295]) {
      expect(bucketOfSaltHash(saltHash, key)).toBe(bucketOf('rollout-1', key));
    }
    // The inner hash's digits are hashed without building its string; 10,000 keys reach inner
    // values of 8, 9 and 10 digits.
    for (let key = 0; key < 10_000; key++) {
      expect(bucketOfSaltHash(saltHash, key)).toBe(fnv1a32(String(fnv1a32(`rollout-1${key}`))) % 10000);
    }
  });
});
