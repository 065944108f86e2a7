// Sticky bucketing, GrowthBook-v2 compatible (reference/inference-protocols.md §5): a key lands in
// the same bucket 0..9999 for the life of a salt, in this process, after restarts, and in any
// GrowthBook SDK given the same seed, so an assignment can always be re-derived from the log.

/** FNV-1a 32-bit offset basis: the hash of the empty string. */
export const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;
export const bucketCount = 10_000;
/** Written beside every logged bucket so a later scheme cannot be confused with this one. */
export const hashVersion = 'fnv1a32-gb2';

/**
 * FNV-1a over the UTF-16 code units of `text` (charCodeAt), not its UTF-8 bytes: that is what
 * GrowthBook hashes, and keys with accents must land where its SDKs put them. Passing a previous
 * result as `state` continues the hash, so fnv1a32(b, fnv1a32(a)) === fnv1a32(a + b) without
 * building the concatenation.
 */
export function fnv1a32(text: string, state: number = fnvOffsetBasis): number {
  let hash = state;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), fnvPrime);
  return hash >>> 0;
}

/** fnv1a32 of the unsigned decimal string of a 32-bit value, without allocating that string. */
function fnv1a32OfDecimal(value: number): number {
  let divisor = 1;
  while (divisor * 10 <= value) divisor *= 10;
  let hash = fnvOffsetBasis;
  for (; divisor >= 1; divisor /= 10) hash = Math.imul(hash ^ (48 + (Math.floor(value / divisor) % 10)), fnvPrime);
  return hash >>> 0;
}

/**
 * Bucket of `key` under a salt already hashed with fnv1a32(salt): the router hashes its salt once
 * per configuration, then only the key per request. A numeric key counts as its decimal string,
 * as in GrowthBook (123 and "123" share a bucket).
 */
export function bucketOfSaltHash(saltHash: number, key: string | number): number {
  const inner = fnv1a32(typeof key === 'number' ? String(key) : key, saltHash);
  return fnv1a32OfDecimal(inner) % bucketCount;
}

/** fnv1a32(decimal(fnv1a32(salt + key))) mod 10000; bucket / 10000 is GrowthBook's hash(salt, key, 2). */
export function bucketOf(salt: string, key: string | number): number {
  return bucketOfSaltHash(fnv1a32(salt), key);
}
