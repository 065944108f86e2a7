// Tree ensembles as ONNX (reference §1.3, §1.4): TreeEnsembleClassifier / TreeEnsembleRegressor
// (ai.onnx.ml 3) with BRANCH_LEQ nodes, float32 thresholds that route exactly as training did
// (§1.5), and the learned NaN direction as nodes_missing_value_tracks_true (true = left). The
// binary-trap case goes through TreeEnsemble (ml 5) with explicit post-processing.
import { attr, elementTypes, makeTensor, mlDomain, type AttributeValue, type GraphBuilder } from '../../onnx/builder.js';
import { classLabels, pipelineOutputs } from '../pipeline-onnx.js';
import type { Target } from '../types.js';
import type { BoostedEnsemble } from './boosting.js';
import type { Tree } from './tree.js';

/** The nodes_* attributes shared by the ml 3 classifier and regressor. */
function nodeAttributes(trees: readonly Tree[]) {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const values: number[] = [];
  const modes: string[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  trees.forEach((tree, treeId) => {
    for (let node = 0; node < tree.feature.length; node++) {
      const leaf = tree.feature[node] < 0;
      treeIds.push(treeId);
      nodeIds.push(node);
      featureIds.push(leaf ? 0 : tree.feature[node]);
      values.push(leaf ? 0 : tree.threshold[node]);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      trueIds.push(leaf ? 0 : tree.left[node]);
      falseIds.push(leaf ? 0 : tree.right[node]);
      missingTrue.push(leaf ? 0 : tree.nanLeft[node]);
    }
  });
  return {
    nodes_treeids: attr.ints(treeIds),
    nodes_nodeids: attr.ints(nodeIds),
    nodes_featureids: attr.ints(featureIds),
    nodes_values: attr.floats(values),
    nodes_modes: attr.strings(modes),
    nodes_truenodeids: attr.ints(trueIds),
    nodes_falsenodeids: attr.ints(falseIds),
    nodes_missing_value_tracks_true: attr.ints(missingTrue),
  };
}

interface Vote {
  tree: number;
  node: number;
  output: number;
  weight: number;
}

/** Leaf votes: `weights(tree, node)` gives the (output, weight) pairs of a leaf. */
function leafVotes(trees: readonly Tree[], weights: (tree: Tree, treeId: number, node: number) => Array<[number, number]>): Vote[] {
  const votes: Vote[] = [];
  trees.forEach((tree, treeId) => {
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] >= 0) continue;
      for (const [output, weight] of weights(tree, treeId, node)) votes.push({ tree: treeId, node, output, weight });
    }
  });
  return votes;
}

function classLabelAttribute(target: Target): Record<string, AttributeValue> {
  const labels = classLabels(target);
  return labels.type === 'int64' ? { classlabels_int64s: attr.ints(labels.values) } : { classlabels_strings: attr.strings(labels.values) };
}

export function hasNegativeLeaf(trees: readonly Tree[]): boolean {
  return trees.some((tree) => tree.value.some((value, node) => tree.feature[node] < 0 && value < 0));
}

type Votes = ReturnType<typeof leafVotes>;

/** One TreeEnsembleRegressor (ml 3) writing `variable`. */
function appendRegressor(graph: GraphBuilder, featureTensor: string, trees: readonly Tree[], votes: Votes, aggregate: 'SUM' | 'AVERAGE', baseValues?: ArrayLike<number>): void {
  graph.addNode(
    'TreeEnsembleRegressor',
    [featureTensor],
    [pipelineOutputs.variable],
    {
      ...nodeAttributes(trees),
      target_treeids: attr.ints(votes.map((vote) => vote.tree)),
      target_nodeids: attr.ints(votes.map((vote) => vote.node)),
      target_ids: attr.ints(votes.map(() => 0)),
      target_weights: attr.floats(votes.map((vote) => vote.weight)),
      n_targets: attr.int(1),
      aggregate_function: attr.string(aggregate),
      ...(baseValues ? { base_values: attr.floats(Array.from(baseValues)) } : {}),
      post_transform: attr.string('NONE'),
    },
    mlDomain,
  );
}

/** One TreeEnsembleClassifier (ml 3) writing `label` and `probabilities`; votes are summed. */
function appendClassifier(
  graph: GraphBuilder,
  featureTensor: string,
  trees: readonly Tree[],
  votes: Votes,
  target: Target,
  postTransform: 'NONE' | 'LOGISTIC' | 'SOFTMAX',
  baseValues?: ArrayLike<number>,
): void {
  graph.addNode(
    'TreeEnsembleClassifier',
    [featureTensor],
    [pipelineOutputs.label, pipelineOutputs.probabilities],
    {
      ...nodeAttributes(trees),
      class_treeids: attr.ints(votes.map((vote) => vote.tree)),
      class_nodeids: attr.ints(votes.map((vote) => vote.node)),
      class_ids: attr.ints(votes.map((vote) => vote.output)),
      class_weights: attr.floats(votes.map((vote) => vote.weight)),
      ...classLabelAttribute(target),
      ...(baseValues ? { base_values: attr.floats(Array.from(baseValues)) } : {}),
      post_transform: attr.string(postTransform),
    },
    mlDomain,
  );
}

/** Boosted trees with ml 3 operators: votes are the shrunken leaf values, base_values the baseline. */
export function appendBoostedEnsemble(graph: GraphBuilder, featureTensor: string, ensemble: BoostedEnsemble, target: Target): void {
  const { trees, outputs, baseline } = ensemble;
  const votes = leafVotes(trees, (tree, treeId, node) => [[treeId % outputs, tree.value[node]]]);
  if (ensemble.loss === 'squared-error') appendRegressor(graph, featureTensor, trees, votes, 'SUM', baseline);
  else appendClassifier(graph, featureTensor, trees, votes, target, ensemble.loss === 'log-loss' ? 'LOGISTIC' : 'SOFTMAX', baseline);
}

/** Random-forest votes: class fractions / n_estimators, no post-transform (§1.4 RF rows). */
export function appendForestEnsemble(graph: GraphBuilder, featureTensor: string, trees: readonly Tree[], target: Target): void {
  const count = trees.length;
  if (target.task === 'regression') {
    appendRegressor(graph, featureTensor, trees, leafVotes(trees, (tree, _treeId, node) => [[0, tree.value[node]]]), 'AVERAGE');
    return;
  }
  const classes = target.classes.length;
  const votes = leafVotes(trees, (tree, _treeId, node) => {
    if (classes === 2) return [[0, tree.value[node * tree.outputs + 1] / count]];
    return Array.from({ length: classes }, (_, k): [number, number] => [k, tree.value[node * tree.outputs + k] / count]);
  });
  appendClassifier(graph, featureTensor, trees, votes, target, 'NONE');
}

/**
 * Binary boosted trees through TreeEnsemble (ml 5): margin = trees + f0, p = σ(margin),
 * probabilities = [1 − p, p], label = labels[margin > 0] (§1.4 "GBDT, ml 5").
 */
export function appendBoostedBinaryMl5(graph: GraphBuilder, featureTensor: string, ensemble: BoostedEnsemble, target: Target): void {
  const interior = { feature: [] as number[], split: [] as number[], mode: [] as number[], trueId: [] as number[], trueLeaf: [] as number[], falseId: [] as number[], falseLeaf: [] as number[], missingTrue: [] as number[] };
  const roots: number[] = [];
  const leafWeights: number[] = [];
  for (const tree of ensemble.trees) {
    const base = interior.feature.length;
    const interiorIndex = new Map<number, number>();
    const leafIndex = new Map<number, number>();
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] >= 0) interiorIndex.set(node, base + interiorIndex.size);
      else {
        leafIndex.set(node, leafWeights.length);
        leafWeights.push(tree.value[node]);
      }
    }
    roots.push(base);
    const reach = (child: number): [number, number] => (tree.feature[child] >= 0 ? [interiorIndex.get(child)!, 0] : [leafIndex.get(child)!, 1]);
    const push = (feature: number, split: number, [trueId, trueLeaf]: [number, number], [falseId, falseLeaf]: [number, number], missingTrue: number) => {
      interior.feature.push(feature);
      interior.split.push(split);
      interior.mode.push(0); // BRANCH_LEQ
      interior.trueId.push(trueId);
      interior.trueLeaf.push(trueLeaf);
      interior.falseId.push(falseId);
      interior.falseLeaf.push(falseLeaf);
      interior.missingTrue.push(missingTrue);
    };
    // A single-leaf tree is one node whose two branches reach the same leaf (§1.3).
    if (tree.feature[0] < 0) push(0, 0, [leafIndex.get(0)!, 1], [leafIndex.get(0)!, 1], 0);
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] >= 0) push(tree.feature[node], tree.threshold[node], reach(tree.left[node]), reach(tree.right[node]), tree.nanLeft[node]);
    }
  }
  const count = interior.feature.length;
  const [scores] = graph.addNode(
    'TreeEnsemble',
    [featureTensor],
    [undefined],
    {
      tree_roots: attr.ints(roots),
      nodes_featureids: attr.ints(interior.feature),
      nodes_splits: attr.tensor(makeTensor('nodes_splits', 'float', [count], interior.split)),
      nodes_modes: attr.tensor(makeTensor('nodes_modes', 'uint8', [count], interior.mode)),
      nodes_truenodeids: attr.ints(interior.trueId),
      nodes_trueleafs: attr.ints(interior.trueLeaf),
      nodes_falsenodeids: attr.ints(interior.falseId),
      nodes_falseleafs: attr.ints(interior.falseLeaf),
      nodes_missing_value_tracks_true: attr.ints(interior.missingTrue),
      leaf_targetids: attr.ints(leafWeights.map(() => 0)),
      leaf_weights: attr.tensor(makeTensor('leaf_weights', 'float', [leafWeights.length], leafWeights)),
      n_targets: attr.int(1),
      aggregate_function: attr.int(1), // SUM
      post_transform: attr.int(0), // NONE
    },
    mlDomain,
  );
  const [margin] = graph.addNode('Add', [scores, graph.addInitializer('baseline', 'float', [1], ensemble.baseline)]);
  const [positive] = graph.addNode('Sigmoid', [margin]);
  const [negative] = graph.addNode('Sub', [graph.addInitializer('one', 'float', [1], [1]), positive]);
  graph.addNode('Concat', [negative, positive], [pipelineOutputs.probabilities], { axis: attr.int(1) });
  const [isPositive] = graph.addNode('Greater', [margin, graph.addInitializer('zero', 'float', [1], [0])]);
  const [index] = graph.addNode('Cast', [isPositive], [undefined], { to: attr.int(elementTypes.int64) });
  const [flat] = graph.addNode('Reshape', [index, graph.addInitializer('flat_shape', 'int64', [1], [-1])]);
  const labels = classLabels(target);
  const table = graph.addInitializer('class_labels', labels.type, [labels.values.length], labels.values);
  graph.addNode('Gather', [table, flat], [pipelineOutputs.label], { axis: attr.int(0) });
}
