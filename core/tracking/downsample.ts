// Largest-Triangle-Three-Buckets: keeps the visual shape of a long series in a fixed number of
// points, so a chart of 100,000 steps costs the browser what 1,000 do. Non-finite values (NaN,
// ±Infinity) cannot be placed in a triangle area; they are kept only when no finite point
// exists in their bucket, so gaps stay visible.

/** Indices of the points to keep, ascending. `x` must be sorted. */
export function largestTriangleThreeBuckets(x: Float64Array, y: Float64Array, threshold: number): Uint32Array {
  const length = x.length;
  if (length <= threshold) return Uint32Array.from({ length }, (_, index) => index);
  if (threshold < 3) return edges(length, threshold);
  const kept = new Uint32Array(threshold);
  const bucketSize = (length - 2) / (threshold - 2);
  let previous = 0;
  kept[0] = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, length - 1);
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, length);
    let averageX = 0;
    let averageY = 0;
    let finiteCount = 0;
    for (let index = nextStart; index < nextEnd; index++) {
      if (Number.isFinite(y[index])) {
        averageX += x[index];
        averageY += y[index];
        finiteCount++;
      }
    }
    if (finiteCount > 0) {
      averageX /= finiteCount;
      averageY /= finiteCount;
    } else {
      averageX = x[nextStart];
      averageY = Number.isFinite(y[previous]) ? y[previous] : 0;
    }
    const anchorX = x[previous];
    const anchorY = Number.isFinite(y[previous]) ? y[previous] : averageY;
    let best = start;
    let bestArea = -1;
    for (let index = start; index < end; index++) {
      if (!Number.isFinite(y[index])) continue;
      const area = Math.abs((anchorX - averageX) * (y[index] - anchorY) - (anchorX - x[index]) * (averageY - anchorY));
      if (area > bestArea) {
        bestArea = area;
        best = index;
      }
    }
    kept[bucket + 1] = best;
    previous = best;
  }
  kept[threshold - 1] = length - 1;
  return kept;
}

function edges(length: number, threshold: number): Uint32Array {
  if (threshold <= 0 || length === 0) return new Uint32Array(0);
  if (threshold === 1) return Uint32Array.of(length - 1);
  return Uint32Array.of(0, length - 1);
}
