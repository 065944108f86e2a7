import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, runPipeline, type Session } from '../../onnx/session.js';
import { signatureOf, type ModelSignature } from './model-signature.js';
import { rowResults } from './outputs.js';
import { parseBatchBody, parsePredictBody, passThroughFields, productResponse, productResults } from './product.js';
import { churnData, trainChurn } from './protocol-fixtures.js';
import { recordsToFeeds } from './records.js';
import { parseV1Body, v1Feeds, v1Response } from './v1.js';

let classifier: { session: Session; signature: ModelSignature };
let regressor: { session: Session; signature: ModelSignature };
const { table, records } = churnData(5, 9);

beforeAll(async () => {
  const load = async (model: { onnx: Uint8Array; scan: Parameters<typeof signatureOf>[0] }) => ({ session: await createSession(model.onnx), signature: signatureOf(model.scan) });
  classifier = await load(await trainChurn('gbdt'));
  regressor = await load(await trainChurn('lr', 'total_spend'));
}, 120_000);

describe('product /predict and /batch_predict', () => {
  it('a lone record gets one result with its own id; a batch gets generated ids per row', async () => {
    const expected = await runPipeline(classifier.session, table);
    const allow = passThroughFields('customer_id');
    const single = parsePredictBody({ ...records[0], id: 'order-7' });
    const { feeds, rows } = recordsToFeeds(classifier.signature, single.records, { allowExtra: allow });
    const results = rowResults(classifier.signature, await classifier.session.run(feeds), rows);
    expect(productResponse(productResults(results, single, { requestId: 'req-1', modelVersion: 3, arm: 'stable' }), single)).toEqual({
      id: 'order-7',
      prediction: Number((expected.label.data as BigInt64Array)[0]),
      probability: (expected.probabilities.data as Float32Array)[1],
      model_version: 3,
      arm: 'stable',
    });
    for (const body of [parsePredictBody(records), parsePredictBody({ records }), parseBatchBody(records), parseBatchBody({ records })]) {
      const batch = recordsToFeeds(classifier.signature, body.records, { allowExtra: allow });
      const answer = productResponse(productResults(rowResults(classifier.signature, await classifier.session.run(batch.feeds), batch.rows), body, { requestId: 'req-2', modelVersion: 3, arm: 'candidate' }), body);
      expect('predictions' in answer && answer.predictions.map((result) => [result.id, result.probability])).toEqual(
        records.map((_, row) => [`req-2-${row}`, (expected.probabilities.data as Float32Array)[row * 2 + 1]]),
      );
    }
    expect(() => parseBatchBody(records[0])).toThrow(/a list of records or \{"records": \[\.\.\.\]\}/);
    expect(() => parsePredictBody('x')).toThrow(/record object/);
  });

  it('regressors give the value and a null probability; classifiers can list probabilities per class', async () => {
    const body = parsePredictBody(records[1]);
    const { feeds, rows } = recordsToFeeds(regressor.signature, body.records, { allowExtra: passThroughFields('customer_id', ['total_spend']) });
    const expected = await runPipeline(regressor.session, { rowCount: 1, columns: table.columns.map((column) => ('values' in column ? { ...column, values: column.values.slice(1, 2) } : { ...column, codes: column.codes.slice(1, 2) })) });
    const [result] = productResults(rowResults(regressor.signature, await regressor.session.run(feeds), rows), body, { requestId: 'r', modelVersion: 1, arm: 'stable' });
    expect(result).toEqual({ id: 'r', prediction: (expected.variable.data as Float32Array)[0], probability: null, model_version: 1, arm: 'stable' });
    const outputs = await classifier.session.run(recordsToFeeds(classifier.signature, [records[0]], { allowExtra: new Set(['customer_id']) }).feeds);
    const [withClasses] = rowResults(classifier.signature, outputs, 1, { probabilities: true });
    expect(Object.keys(withClasses.probabilities!)).toEqual(['0', '1']);
    expect(withClasses.probabilities!['1']).toBe(withClasses.probability);
  });
});

describe('V1 :predict', () => {
  it('takes instances as records or positional rows and returns one prediction each', async () => {
    const expected = await runPipeline(classifier.session, table);
    const labels = Array.from(expected.label.data as BigInt64Array, Number);
    const names = classifier.signature.fields.map((field) => field.name);
    for (const instances of [records, records.map((record) => names.map((name) => record[name]))]) {
      const request = parseV1Body({ instances });
      const { feeds, rows } = v1Feeds(classifier.signature, request, { allowExtra: new Set(['customer_id']) });
      expect(v1Response(rowResults(classifier.signature, await classifier.session.run(feeds), rows))).toEqual({ predictions: labels });
    }
    expect(() => parseV1Body({ inputs: [] })).toThrow('the body must be {"instances": [...]}');
  });
});
