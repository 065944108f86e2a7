import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import type { NumericColumn, Table } from '../../datasets/table.js';
import { createSession, epochDays, runPipeline, type Session } from '../../onnx/session.js';
import { signatureOf, type ModelSignature } from './model-signature.js';
import { churnData, features, matrixRegressor, trainChurn, typedTensorModel } from './protocol-fixtures.js';
import { coercionRules, columnsToFeeds, recordsToFeeds, rowsToFeeds } from './records.js';

interface Loaded {
  session: Session;
  signature: ModelSignature;
}

const loaded: Record<string, Loaded> = {};
const { table, records } = churnData(300, 17);

// Missing values the way a client sends them: null numbers and dates, empty and NA categories.
(() => {
  const spend = table.columns.find((column) => column.name === 'total_spend') as NumericColumn;
  const registered = table.columns.find((column) => column.name === 'registration_date') as NumericColumn;
  for (const row of [3, 40]) {
    spend.values[row] = Number.NaN;
    records[row].total_spend = null;
  }
  registered.values[7] = Number.NaN;
  records[7].registration_date = '';
  const region = table.columns.find((column) => column.name === 'region') as { codes: Int32Array };
  region.codes[9] = -1;
  records[9].region = 'NA';
})();

beforeAll(async () => {
  for (const [key, model] of Object.entries({ lr: await trainChurn('lr'), gbdt: await trainChurn('gbdt'), ridge: await trainChurn('lr', 'total_spend'), matrix: await matrixRegressor() })) {
    loaded[key] = { session: await createSession(model.onnx), signature: signatureOf(model.scan) };
  }
}, 120_000);

async function expectSamePredictions(model: Loaded, feeds: Record<string, unknown>, reference: Table) {
  const ours = await model.session.run(feeds as never);
  const expected = await runPipeline(model.session, reference);
  for (const name of Object.keys(expected)) expect(Array.from(ours[name].data as ArrayLike<unknown>)).toEqual(Array.from(expected[name].data as ArrayLike<unknown>));
}

describe('signatureOf', () => {
  it('reads our pipeline as per-column inputs with a datetime field, label and probabilities with classes', () => {
    const { signature } = loaded.lr;
    expect(signature.mode).toBe('column');
    expect(signature.fields.map((field) => [field.name, field.kind, field.elementType])).toEqual([
      ['total_spend', 'number', 'float32'],
      ['transaction_count', 'number', 'float32'],
      ['days_since_last_purchase', 'number', 'float32'],
      ['registration_date', 'datetime', 'float32'],
      ['customer_segment', 'text', 'string'],
      ['region', 'text', 'string'],
    ]);
    expect(signature.outputs.map((output) => [output.name, output.role, output.datatype])).toEqual([['label', 'label', 'INT64'], ['probabilities', 'probabilities', 'FP32']]);
    expect(signature).toMatchObject({ task: 'classification', classes: ['0', '1'], acceptsMissing: true, namedFields: true });
    expect(loaded.ridge.signature).toMatchObject({ task: 'regression', classes: null });
    expect(features.length).toBe(6);
  });

  it('reads an imported one-input model as an unnamed matrix and a mixed one as tensors', async () => {
    expect(loaded.matrix.signature).toMatchObject({ mode: 'matrix', namedFields: false, acceptsMissing: false, task: 'regression' });
    expect(loaded.matrix.signature.fields.map((field) => field.name)).toEqual(['0', '1', '2']);
    expect(signatureOf((await typedTensorModel()).scan).mode).toBe('tensor');
  });
});

describe('recordsToFeeds', () => {
  it.each(['lr', 'gbdt', 'ridge'])('%s: records score exactly like the table rows, missing values included', async (key) => {
    const model = loaded[key];
    // The regressor predicts total_spend, so a record carrying it passes it through like the id.
    const { feeds, rows } = recordsToFeeds(model.signature, records, { allowExtra: new Set(['customer_id', 'total_spend']) });
    expect(rows).toBe(300);
    expect(feeds.transaction_count.dims).toEqual([300, 1]);
    await expectSamePredictions(model, feeds, table);
  });

  it('columns and rows (by name and by position) give the same feeds as records', async () => {
    const { signature } = loaded.lr;
    const names = signature.fields.map((field) => field.name);
    const columns = Object.fromEntries(names.map((name) => [name, records.map((record) => record[name])]));
    const byRecord = recordsToFeeds(signature, records, { allowExtra: new Set(['customer_id']) }).feeds;
    const byColumn = columnsToFeeds(signature, columns).feeds;
    const reversed = [...names].reverse();
    const byName = rowsToFeeds(signature, records.map((record) => reversed.map((name) => record[name])), reversed).feeds;
    const byPosition = rowsToFeeds(signature, records.map((record) => names.map((name) => record[name]))).feeds;
    for (const name of names) {
      for (const feeds of [byColumn, byName, byPosition]) expect(Array.from(feeds[name].data as ArrayLike<unknown>)).toEqual(Array.from(byRecord[name].data as ArrayLike<unknown>));
    }
  });

  it('coerces numeric text, booleans, numbers for categories and epoch milliseconds for dates', () => {
    const { signature } = loaded.lr;
    const base = { total_spend: '12.5', transaction_count: true, days_since_last_purchase: 3, registration_date: '2023-04-05', customer_segment: 7, region: 'north' };
    const { feeds } = recordsToFeeds(signature, [base, { ...base, registration_date: Date.UTC(2023, 3, 5), transaction_count: false }]);
    expect(Array.from(feeds.total_spend.data as Float32Array)).toEqual([12.5, 12.5]);
    expect(Array.from(feeds.transaction_count.data as Float32Array)).toEqual([1, 0]);
    expect(feeds.customer_segment.data).toEqual(['7', '7']);
    const days = epochDays(Date.UTC(2023, 3, 5));
    expect(Array.from(feeds.registration_date.data as Float32Array)).toEqual([days, days]);
  });

  it('lists every offending field with its record in one error', () => {
    const { signature } = loaded.lr;
    const good = records[0];
    const bad = [
      { ...good, total_spend: 'abc', transaction_count: undefined },
      good,
      { ...good, region: { name: 'north' }, registration_date: 'yesterday', tenure: 4 },
    ];
    delete (bad[0] as Record<string, unknown>).days_since_last_purchase;
    // transaction_count: undefined is present but empty (NaN, allowed); customer_id is let through.
    let error: ValidationError | undefined;
    try {
      recordsToFeeds(signature, bad, { allowExtra: new Set(['customer_id']) });
    } catch (thrown) {
      error = thrown as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message).toBe(
      "record 0: field 'total_spend' must be a number (got \"abc\"); field 'days_since_last_purchase' is missing; " +
        "record 2: field 'registration_date' must be an ISO date or epoch milliseconds (got \"yesterday\"); field 'region' must be text (got {\"name\":\"north\"}); field 'tenure' is not an input of the model",
    );
    expect(error!.details).toEqual({
      fields: [
        { field: 'total_spend', row: 0, problem: 'must be a number (got "abc")' },
        { field: 'days_since_last_purchase', row: 0, problem: 'is missing' },
        { field: 'registration_date', row: 2, problem: 'must be an ISO date or epoch milliseconds (got "yesterday")' },
        { field: 'region', row: 2, problem: 'must be text (got {"name":"north"})' },
        { field: 'tenure', row: 2, problem: 'is not an input of the model' },
      ],
    });
  });

  it('rejects an extra field unless it is allowed through, and an empty batch', () => {
    const { signature } = loaded.lr;
    expect(() => recordsToFeeds(signature, [records[0]])).toThrow("record 0: field 'customer_id' is not an input of the model");
    expect(() => recordsToFeeds(signature, [])).toThrow('the request has no rows to score');
    expect(() => recordsToFeeds(signature, [[1, 2]])).toThrow('record 0: must be an object of field values (got [1,2])');
  });

  it('a matrix model takes positional rows, refuses missing values and named records', async () => {
    const { signature, session } = loaded.matrix;
    const { feeds } = rowsToFeeds(signature, [[1, 2, 3], ['0.5', 0, true]]);
    expect(feeds.float_input.dims).toEqual([2, 3]);
    const { variable } = await session.run(feeds);
    expect(Array.from(variable.data as Float32Array)).toEqual([14.5, 4]);
    expect(() => rowsToFeeds(signature, [[1, null, 3]])).toThrow("record 0: field '1' has no value, and this model does not accept missing values");
    expect(() => rowsToFeeds(signature, [[1, Number.NaN, 3]])).toThrow(/field '1' has no value/);
    expect(() => rowsToFeeds(signature, [[1, 2]])).toThrow('record 0: has 2 values; expected 3 values (0, 1, 2)');
    expect(() => recordsToFeeds(signature, [{ a: 1 }])).toThrow("the model's input 'float_input' takes 3 unnamed columns; send rows as lists of 3 numbers in model column order");
  });

  it('columnar bodies report missing, extra and ragged columns', () => {
    const { signature } = loaded.ridge;
    const columns = Object.fromEntries(signature.fields.map((field) => [field.name, records.slice(0, 2).map((record) => record[field.name])]));
    expect(() => columnsToFeeds(signature, { ...columns, region: undefined, extra: [1, 2] })).toThrow(
      "field 'region' must be a list of values (got nothing); field 'extra' is not an input of the model",
    );
    expect(() => columnsToFeeds(signature, { ...columns, region: ['north'] })).toThrow("field 'region' has 1 values; other columns have 2");
  });

  it('exports the coercion rules as text', () => {
    expect(coercionRules).toMatch(/NaN/);
    expect(coercionRules).toMatch(/ISO 8601/);
  });
});
