// Histogram gradient-boosted trees as a trainer model: fit (boosting.ts), in-process prediction
// on raw float32 rows (NaN-aware), gain importance, serialisation and ONNX export.
import { treeEnsembleOpsets, type GraphBuilder, type Opsets } from '../../onnx/builder.js';
import type { FeatureMatrix, Predictions, Target, TrainedModel } from '../types.js';
import { trainBoostedTrees, type BoostedEnsemble, type TreeTrainingOptions } from './boosting.js';
import { transformScores } from './loss.js';
import { appendBoostedBinaryMl5, appendBoostedEnsemble, hasNegativeLeaf } from './onnx-export.js';
import { checkTrainingData, resolveGradientBoostingParams, type GradientBoostingParams } from './params.js';
import { gainImportance } from './importance.js';
import { leafOfRow, treeFromJSON, treeToJSON } from './tree.js';

export class GradientBoosting implements TrainedModel {
  constructor(readonly ensemble: BoostedEnsemble) {}

  /** Trains on the rows of `matrix` (see GradientBoostingParams for the defaults). */
  static async fit(matrix: FeatureMatrix, target: Target, params: Partial<GradientBoostingParams> = {}, options: TreeTrainingOptions = {}): Promise<GradientBoosting> {
    const resolved = resolveGradientBoostingParams(params);
    checkTrainingData(matrix, target);
    return new GradientBoosting(await trainBoostedTrees(matrix, target, resolved, options));
  }

  /** Raw scores, class-major: output k of row r at k·rows + r. */
  rawScores(matrix: FeatureMatrix): Float64Array {
    const { outputs, baseline, trees, features } = this.ensemble;
    if (matrix.width !== features) throw new Error(`the model was trained on ${features} features, the matrix has ${matrix.width}`);
    const rows = matrix.rows;
    const scores = new Float64Array(rows * outputs);
    for (let k = 0; k < outputs; k++) scores.fill(baseline[k], k * rows, (k + 1) * rows);
    for (let index = 0; index < trees.length; index++) {
      const tree = trees[index];
      const offset = (index % outputs) * rows;
      for (let row = 0; row < rows; row++) scores[offset + row] += tree.value[leafOfRow(tree, matrix.values, row * features)];
    }
    return scores;
  }

  predict(matrix: FeatureMatrix): Predictions {
    return transformScores(this.ensemble.loss, this.rawScores(matrix), matrix.rows, this.ensemble.outputs);
  }

  /** Total split gain per feature, normalised to sum to 1 (LightGBM's importance_type='gain'). */
  featureImportance(): Float64Array {
    return gainImportance(this.ensemble.trees, this.ensemble.features, false);
  }

  /**
   * ai.onnx.ml 3 by default. A binary model whose leaf values are all ≥ 0 would be scored by
   * onnxruntime as probabilities (reference §1.4 "Binary trap"), so it is exported with ml 5.
   */
  get onnxOpsets(): Opsets | undefined {
    return this.needsMl5() ? treeEnsembleOpsets : undefined;
  }

  appendOnnx(graph: GraphBuilder, featureTensor: string, target: Target): void {
    if (this.needsMl5()) appendBoostedBinaryMl5(graph, featureTensor, this.ensemble, target);
    else appendBoostedEnsemble(graph, featureTensor, this.ensemble, target);
  }

  private needsMl5(): boolean {
    return this.ensemble.loss === 'log-loss' && !hasNegativeLeaf(this.ensemble.trees);
  }

  toJSON(): Record<string, unknown> {
    return { kind: 'gradient_boosting', ...this.ensemble, trees: this.ensemble.trees.map(treeToJSON) };
  }

  static fromJSON(json: Record<string, unknown>): GradientBoosting {
    if (json.kind !== 'gradient_boosting') throw new Error(`not a gradient boosting model: ${String(json.kind)}`);
    const { kind: _kind, trees, ...rest } = json;
    return new GradientBoosting({ ...(rest as Omit<BoostedEnsemble, 'trees'>), trees: (trees as Record<string, number[] | number>[]).map(treeFromJSON) });
  }
}
