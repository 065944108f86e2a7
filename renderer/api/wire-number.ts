import type { WireNumber } from '../../core/api/contract';

/** Metric values travel as numbers, or as 'NaN' / 'Infinity' / '-Infinity' strings (protobuf JSON). */
export function fromWire(value: WireNumber | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return null;
}

/** For charts: NaN and ±Infinity become null, a gap, since a line cannot be drawn through them. */
export function drawableValues(values: readonly WireNumber[]): Array<number | null> {
  return values.map((value) => {
    const number = fromWire(value);
    return number !== null && Number.isFinite(number) ? number : null;
  });
}
