// The preprocessing part of an exported pipeline (reference §1.2):
//   numbers:    inputs [N,1] (datetimes: Sub(reference days, epoch days)) → Concat → Imputer → Scaler
//   categories: input [N,1] string → OneHotEncoder(zeros=1) → Reshape [-1, K]
//   all:        Concat(axis=1) → the feature tensor the model reads.
// Trees skip Imputer and Scaler so NaN reaches the tree.
import { attr, mlDomain, type GraphBuilder } from '../onnx/builder.js';
import type { PreprocessorSpec } from './preprocessing.js';

/** Adds one graph input per raw column and the preprocessing nodes; returns the feature tensor's name. */
export function appendPreprocessingOnnx(spec: PreprocessorSpec, graph: GraphBuilder): string {
  // Inputs first, so no intermediate name can take a column's name.
  for (const feature of spec.numeric) graph.addInput(feature.column, 'float', ['N', 1]);
  for (const feature of spec.categorical) graph.addInput(feature.column, 'string', ['N', 1]);
  const blocks: string[] = [];
  if (spec.numeric.length > 0) blocks.push(appendNumeric(spec, graph));
  for (const feature of spec.categorical) {
    const input = feature.column;
    const [encoded] = graph.addNode(
      'OneHotEncoder',
      [input],
      [graph.uniqueName(`${feature.column}_onehot`)],
      { cats_strings: attr.strings(feature.categories), zeros: attr.int(1) },
      mlDomain,
    );
    // OneHotEncoder adds a dimension: [N, 1, K] → [N, K].
    const shape = graph.addInitializer(`${feature.column}_shape`, 'int64', [2], [-1, feature.categories.length]);
    const [flat] = graph.addNode('Reshape', [encoded, shape], [graph.uniqueName(`${feature.column}_encoded`)]);
    blocks.push(flat);
  }
  if (blocks.length === 1) return blocks[0];
  const [features] = graph.addNode('Concat', blocks, [graph.uniqueName('features')], { axis: attr.int(1) });
  return features;
}

function appendNumeric(spec: PreprocessorSpec, graph: GraphBuilder): string {
  const columns: string[] = [];
  let reference: string | undefined;
  for (const feature of spec.numeric) {
    const input = feature.column;
    if (feature.kind !== 'datetime') {
      columns.push(input);
      continue;
    }
    // Age in days = reference − date, both float32 epoch days; the trainer does the same float32 Sub.
    reference ??= graph.addInitializer('reference_days', 'float', [1], [spec.referenceDays ?? 0]);
    const [age] = graph.addNode('Sub', [reference, input], [graph.uniqueName(`${feature.column}_age_days`)]);
    columns.push(age);
  }
  let [numbers] = graph.addNode('Concat', columns, [graph.uniqueName('numeric')], { axis: attr.int(1) });
  if (spec.forTrees) return numbers;
  [numbers] = graph.addNode(
    'Imputer',
    [numbers],
    [graph.uniqueName('numeric_imputed')],
    { imputed_value_floats: attr.floats(spec.numeric.map((feature) => feature.fill)), replaced_value_float: attr.float(NaN) },
    mlDomain,
  );
  if (!spec.scale) return numbers;
  [numbers] = graph.addNode(
    'Scaler',
    [numbers],
    [graph.uniqueName('numeric_scaled')],
    { offset: attr.floats(spec.numeric.map((feature) => feature.offset)), scale: attr.floats(spec.numeric.map((feature) => feature.scale)) },
    mlDomain,
  );
  return numbers;
}
