import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import { createSession, runPipeline, type Session } from '../../onnx/session.js';
import { checkContentType, mlflowError, parseInvocation, scoringFeeds, scoringResponse } from './mlflow-scoring.js';
import { signatureOf, type ModelSignature } from './model-signature.js';
import { churnData, matrixRegressor, trainChurn } from './protocol-fixtures.js';

let pipeline: { session: Session; signature: ModelSignature };
const { table, records } = churnData(20, 5);
const names = ['total_spend', 'transaction_count', 'days_since_last_purchase', 'registration_date', 'customer_segment', 'region'];
const allowExtra = new Set(['customer_id']);

beforeAll(async () => {
  const model = await trainChurn('lr');
  pipeline = { session: await createSession(model.onnx), signature: signatureOf(model.scan) };
}, 120_000);

async function predictions(format: 'json' | 'csv', body: string) {
  const { feeds, rows } = scoringFeeds(pipeline.signature, parseInvocation(format, body), { allowExtra });
  return scoringResponse(pipeline.signature, await pipeline.session.run(feeds), rows);
}

describe('/invocations', () => {
  it('gives the same predictions for every JSON orientation and CSV, as {label, probabilities} rows', async () => {
    const expected = await runPipeline(pipeline.session, table);
    const probabilities = expected.probabilities.data as Float32Array;
    const rows = records.map((record) => names.map((name) => record[name]));
    const csv = [['', ...names].join(','), ...rows.map((row, index) => [index, ...row].join(','))].join('\n');
    const bodies: Array<['json' | 'csv', string]> = [
      ['json', JSON.stringify({ dataframe_records: records })],
      ['json', JSON.stringify({ dataframe_split: { columns: names, data: rows }, params: { threshold: 0.7 } })],
      ['json', JSON.stringify({ instances: records })],
      ['json', JSON.stringify({ inputs: Object.fromEntries(names.map((name) => [name, records.map((record) => record[name])])) })],
      ['csv', csv],
    ];
    for (const [format, body] of bodies) {
      const { predictions: rowsOut } = await predictions(format, body);
      expect(rowsOut).toHaveLength(20);
      expect(rowsOut[0]).toEqual({ label: Number((expected.label.data as BigInt64Array)[0]), probabilities: [probabilities[0], probabilities[1]] });
      expect(rowsOut.map((row) => (row.probabilities as number[])[1])).toEqual(Array.from({ length: 20 }, (_, row) => probabilities[row * 2 + 1]));
    }
  });

  it('refuses other content types, charsets and parameters with MLflow’s 415 texts', () => {
    expect(checkContentType('application/json; charset=UTF-8')).toEqual({ format: 'json' });
    expect(checkContentType('text/csv')).toEqual({ format: 'csv' });
    expect(checkContentType('text/plain')).toEqual({ status: 415, contentType: 'text/plain', message: "This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got 'text/plain'." });
    expect(checkContentType('application/json; charset=latin-1')).toMatchObject({ status: 415, message: 'The scoring server only supports UTF-8' });
    expect(checkContentType('application/json; format=pandas-split')).toMatchObject({ status: 415, message: expect.stringMatching(/^Unrecognized content type parameters: format\. IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2\.0/) });
  });

  it('needs exactly one input key: zero, two or a list give MLflow’s 400', () => {
    const rejected = (body: unknown) => {
      try {
        parseInvocation('json', JSON.stringify(body));
      } catch (error) {
        return mlflowError(error);
      }
      throw new Error('accepted');
    };
    const two = rejected({ dataframe_records: records, instances: records });
    expect(two.status).toBe(400);
    expect(two.body.error_code).toBe('BAD_REQUEST');
    expect(two.body.message).toMatch(/^The input must be a JSON dictionary with exactly one of the input fields \{'dataframe_split', 'dataframe_records', 'instances', 'inputs'\}\. Received dictionary with input fields: \['dataframe_records', 'instances'\]\. IMPORTANT/);
    expect(rejected({ params: {} }).body.message).toMatch(/Received dictionary with input fields: \['params'\]/);
    expect(rejected(records).body.message).toMatch(/exactly one of the input fields .*\. Received a list\./);
    expect(() => parseInvocation('json', '{"inputs": [1,')).toThrow(/^Failed to parse input from JSON/);
  });

  it('reports schema failures (CSV missing a column, bad values) as INVALID_PARAMETER_VALUE', () => {
    const csv = ['total_spend,transaction_count,days_since_last_purchase,registration_date,customer_segment', '1,2,3,2024-01-01,basic'].join('\n');
    let error: unknown;
    try {
      scoringFeeds(pipeline.signature, parseInvocation('csv', csv));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(mlflowError(error)).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: "Failed to enforce schema of data. Error: field 'region' is missing" } });
    const bad = JSON.stringify({ dataframe_split: { columns: names, data: [[NaN, 1, 2, '2024-01-01', 'basic', 'north'], ['x', 1, 2, '2024-01-01', 'basic', 'north']] } }).replace('null', '"NaN"');
    expect(() => scoringFeeds(pipeline.signature, parseInvocation('json', bad))).toThrow("Failed to enforce schema of data. Error: record 1: field 'total_spend' must be a number (got \"x\")");
  });

  it('feeds a one-input matrix model dataframe_split columns in the order sent', async () => {
    const model = await matrixRegressor();
    const signature = signatureOf(model.scan);
    const session = await createSession(model.onnx);
    const { feeds, rows } = scoringFeeds(signature, parseInvocation('json', JSON.stringify({ dataframe_split: { columns: ['a', 'b', 'c'], data: [[1, 2, 3]] } })));
    expect(scoringResponse(signature, await session.run(feeds), rows)).toEqual({ predictions: [{ variable: 14.5 }] });
    expect(mlflowError(new Error('boom'))).toEqual({ status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'boom' } });
  });
});
