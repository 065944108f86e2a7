import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, runPipeline, type Session } from '../../onnx/session.js';
import { signatureOf, type ModelSignature } from './model-signature.js';
import { errorBody, inferFeeds, inferResponse, modelMetadata, parseInferRequest, requestedOutputs } from './oip-v2.js';
import { outputTensors } from './outputs.js';
import { churnData, matrixRegressor, trainChurn, typedTensorModel } from './protocol-fixtures.js';

let matrix: { session: Session; signature: ModelSignature };
let typed: { session: Session; signature: ModelSignature };
let pipeline: { session: Session; signature: ModelSignature };

beforeAll(async () => {
  const load = async (model: { onnx: Uint8Array; scan: Parameters<typeof signatureOf>[0] }) => ({ session: await createSession(model.onnx), signature: signatureOf(model.scan) });
  matrix = await load(await matrixRegressor());
  typed = await load(await typedTensorModel());
  pipeline = await load(await trainChurn('lr'));
}, 120_000);

const matrixRequest = (data: unknown[], extra: Record<string, unknown> = {}) => ({ id: '42', inputs: [{ name: 'float_input', shape: [2, 3], datatype: 'FP32', data, ...extra }] });
const feedsOf = (signature: ModelSignature, body: unknown) => inferFeeds(signature, parseInferRequest(body));

describe('V2 infer requests', () => {
  it('takes flat and nested data alike and answers with flat row-major outputs, id and route echoed', async () => {
    const flat = feedsOf(matrix.signature, matrixRequest([1, 2, 3, 0, 0, 1]));
    const nested = feedsOf(matrix.signature, matrixRequest([[1, 2, 3], [0, 0, 1]]));
    expect(Array.from(nested.feeds.float_input.data as Float32Array)).toEqual(Array.from(flat.feeds.float_input.data as Float32Array));
    expect(flat.rows).toBe(2);
    const request = parseInferRequest(matrixRequest([[1, 2, 3], [0, 0, 1]]));
    const names = requestedOutputs(matrix.signature, request);
    const outputs = await matrix.session.run(flat.feeds, names);
    const response = inferResponse({ modelName: 'm', modelVersion: 3, id: request.id, route: { variant: 'stable', rollout_id: 'r1', bucket: 2498 }, outputs: outputTensors(outputs, names) });
    expect(JSON.parse(JSON.stringify(response))).toEqual({
      model_name: 'm',
      model_version: '3',
      id: '42',
      parameters: { variant: 'stable', rollout_id: 'r1', bucket: 2498 },
      outputs: [{ name: 'variable', datatype: 'FP32', shape: [2, 1], data: [14.5, 3.5] }],
    });
  });

  it('feeds our pipeline per column ([N,1] inputs) with the same predictions as the table', async () => {
    const { table, records } = churnData(4, 2);
    const inputs = pipeline.signature.fields.map((field) => ({
      name: field.name,
      shape: [4, 1],
      datatype: field.elementType === 'string' ? 'BYTES' : 'FP32',
      data: records.map((record) => (field.kind === 'datetime' ? Date.parse(String(record[field.name])) / 86_400_000 : record[field.name])),
    }));
    const { feeds } = feedsOf(pipeline.signature, { inputs, outputs: [{ name: 'probabilities' }] });
    const ours = await pipeline.session.run(feeds);
    const expected = await runPipeline(pipeline.session, table);
    expect(Array.from(ours.probabilities.data as Float32Array)).toEqual(Array.from(expected.probabilities.data as Float32Array));
    expect(requestedOutputs(pipeline.signature, parseInferRequest({ inputs, outputs: [{ name: 'probabilities' }] }))).toEqual(['probabilities']);
  });

  it('carries INT64 and BYTES tensors both ways', async () => {
    const { feeds } = feedsOf(typed.signature, {
      inputs: [
        { name: 'count', shape: [2, 2], datatype: 'INT64', data: [[1, 2], [3, 4]] },
        { name: 'text', shape: [2, 1], datatype: 'BYTES', data: ['a', 'b'] },
      ],
    });
    const outputs = await typed.session.run(feeds);
    expect(outputTensors(outputs, ['next', 'echo'])).toEqual([
      { name: 'next', datatype: 'INT64', shape: [2, 2], data: [2, 3, 4, 5] },
      { name: 'echo', datatype: 'BYTES', shape: [2, 1], data: ['a', 'b'] },
    ]);
  });

  it('answers 400-class errors naming the input for each mismatch', () => {
    const signature = matrix.signature;
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4, 5]))).toThrow("input 'float_input' has 5 elements; shape [2, 3] needs 6");
    expect(() => feedsOf(signature, matrixRequest([[1, 2, 3, 4, 5, 6, 7]]))).toThrow("input 'float_input' has 7 elements; shape [2, 3] needs 6");
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4], { shape: [2, 2] }))).toThrow("input 'float_input' has shape [2, 2]; the model takes [-1, 3]");
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4, 5, 6], { shape: [6] }))).toThrow("input 'float_input' has shape [6]; the model takes [-1, 3]");
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4, 5, 6], { datatype: 'FP64' }))).toThrow("input 'float_input' has datatype FP64; the model takes FP32");
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4, 5, 6], { datatype: 'FLOAT' }))).toThrow(/input 'float_input' has datatype "FLOAT"; use one of FP32/);
    expect(() => feedsOf(signature, matrixRequest([1, 2, 'x', 4, 5, 6]))).toThrow("input 'float_input' element 2 must be a number (got \"x\")");
    expect(() => feedsOf(signature, matrixRequest([1, 2, null, 4, 5, 6]))).toThrow("input 'float_input' element 2 is null, and this model does not accept missing values");
    expect(() => feedsOf(signature, matrixRequest([1, 2, 3, 4, 5, 6], { name: 'x' }))).toThrow("unknown input 'x'; the model takes 'float_input'");
    expect(() => feedsOf(typed.signature, { inputs: [{ name: 'text', shape: [1, 1], datatype: 'BYTES', data: ['a'] }] })).toThrow("missing input 'count'");
    expect(() => feedsOf(typed.signature, { inputs: [{ name: 'count', shape: [1, 2], datatype: 'INT64', data: [1.5, 2] }, { name: 'text', shape: [1, 1], datatype: 'BYTES', data: ['a'] }] })).toThrow("input 'count' element 0 must be an integer that fits int64 (got 1.5)");
    expect(() => feedsOf(typed.signature, { inputs: [{ name: 'count', shape: [2, 2], datatype: 'INT64', data: [1, 2, 3, 4] }, { name: 'text', shape: [1, 1], datatype: 'BYTES', data: ['a'] }] })).toThrow(
      "input 'text' has 1 for dimension \"N\", but input 'count' has 2",
    );
    expect(() => parseInferRequest({ inputs: [] })).toThrow('"inputs" must be a non-empty list');
    expect(() => parseInferRequest([1])).toThrow('the infer request must be a JSON object');
    expect(() => requestedOutputs(signature, parseInferRequest({ ...matrixRequest([1, 2, 3, 4, 5, 6]), outputs: [{ name: 'probabilities' }] }))).toThrow(
      "unknown output 'probabilities'; the model returns 'variable'",
    );
    expect(errorBody(new Error('bad'))).toEqual({ error: 'bad' });
  });

  it('null is a missing number for our pipelines (they impute it)', () => {
    const inputs = pipeline.signature.fields.map((field) => ({ name: field.name, shape: [1, 1], datatype: field.elementType === 'string' ? 'BYTES' : 'FP32', data: [field.elementType === 'string' ? 'north' : null] }));
    const { feeds } = feedsOf(pipeline.signature, { inputs });
    expect(Number.isNaN((feeds.total_spend.data as Float32Array)[0])).toBe(true);
  });
});

describe('V2 model metadata', () => {
  it('reports onnx_onnxv1 with -1 for open dimensions', () => {
    expect(modelMetadata('churn', [1, 2], matrix.signature)).toEqual({
      name: 'churn',
      versions: ['1', '2'],
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'float_input', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'variable', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(modelMetadata('churn', [1], pipeline.signature).outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [-1] },
      { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
    ]);
  });
});
