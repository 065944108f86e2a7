// Reference profiles (sorted values, category counts) kept in memory between reports, keyed by the
// reference's columnar sha256: a dataset version's content never changes, so a profile never goes
// stale, and comparing many current datasets against one reference sorts the reference once.
//
// Bounded by bytes, least recently used first out. A numeric column costs 8 bytes per finite
// reference value (its sorted copy); a categorical one its category strings and counts. The
// default bound, 256 MiB, holds 32 million reference values: a 1,000,000-row reference with
// 30 numeric columns. A profile larger than the whole bound is simply not kept.
import type { ColumnProfile } from './reference-profile.js';

export const defaultProfileCacheBytes = 256 * 1024 * 1024;

interface Entry {
  columns: Map<string, ColumnProfile>;
  bytes: number;
}

export function profileBytes(profile: ColumnProfile): number {
  if (profile.type === 'num') return profile.sorted.byteLength + 64;
  if (profile.type === 'cat') return profile.counts.byteLength + profile.categories.reduce((sum, category) => sum + 2 * category.length + 32, 64);
  return 64 + 2 * profile.reason.length;
}

export class ReferenceProfileCache {
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recent.
  private readonly entries = new Map<string, Entry>();
  private used = 0;

  constructor(readonly maxBytes = defaultProfileCacheBytes) {}

  get bytes(): number {
    return this.used;
  }

  /** The cached profiles of `columns` for this reference, or null unless every one is cached. */
  get(sha256: string, columns: readonly string[]): ColumnProfile[] | null {
    const entry = this.entries.get(sha256);
    if (!entry || !columns.every((column) => entry.columns.has(column))) return null;
    this.entries.delete(sha256);
    this.entries.set(sha256, entry);
    return columns.map((column) => entry.columns.get(column)!);
  }

  /** Adds column profiles of a reference (merging with those already cached), then evicts to the bound. */
  put(sha256: string, profiles: readonly ColumnProfile[]): void {
    const entry = this.entries.get(sha256) ?? { columns: new Map<string, ColumnProfile>(), bytes: 0 };
    this.entries.delete(sha256);
    for (const profile of profiles) {
      const previous = entry.columns.get(profile.name);
      if (previous) entry.bytes -= profileBytes(previous);
      entry.columns.set(profile.name, profile);
      entry.bytes += profileBytes(profile);
    }
    this.used = [...this.entries.values()].reduce((sum, other) => sum + other.bytes, entry.bytes);
    if (entry.bytes > this.maxBytes) {
      this.used -= entry.bytes;
      return;
    }
    this.entries.set(sha256, entry);
    for (const [key, oldest] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(key);
      this.used -= oldest.bytes;
    }
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }
}
