// Split-gain feature importance of tree ensembles.
import type { Tree } from './tree.js';

/**
 * Gain per feature over all trees, normalised to sum to 1 (all zeros when no tree split).
 * `perTree` first normalises each tree's gains and averages them, which is scikit-learn's
 * mean-decrease-in-impurity for forests; boosting sums raw gains as LightGBM's 'gain'.
 */
export function gainImportance(trees: readonly Tree[], features: number, perTree: boolean): Float64Array {
  const total = new Float64Array(features);
  const ofTree = new Float64Array(features);
  for (const tree of trees) {
    ofTree.fill(0);
    let sum = 0;
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] < 0) continue;
      ofTree[tree.feature[node]] += tree.gain[node];
      sum += tree.gain[node];
    }
    if (perTree && sum === 0) continue;
    for (let feature = 0; feature < features; feature++) total[feature] += perTree ? ofTree[feature] / sum : ofTree[feature];
  }
  let sum = 0;
  for (const value of total) sum += value;
  if (sum > 0) for (let feature = 0; feature < features; feature++) total[feature] /= sum;
  return total;
}
