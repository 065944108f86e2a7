// Numerically stable output activations shared by the models' in-process predictions.

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Turns scores into probabilities in place; returns log Σ exp(score), which the log-loss needs. */
export function softmaxInPlace(scores: Float64Array): number {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k] - max);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
  return max + Math.log(sum);
}
