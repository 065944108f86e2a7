import { describe, expect, it } from 'vitest';
import type { V2ModelMetadata } from '../../api/serving-api';
import { exampleBody, exampleRecord, protocolRequest, randomKey, withRoutingKey } from './example-body';

// What the core reports for a trained churn model: one [-1, 1] input per column.
const metadata: Pick<V2ModelMetadata, 'inputs'> = {
  inputs: [
    { name: 'tenure_months', datatype: 'FP32', shape: [-1, 1] },
    { name: 'plan', datatype: 'BYTES', shape: [-1, 1] },
    { name: 'seats', datatype: 'INT64', shape: [-1] },
  ],
};

describe('example bodies', () => {
  it('builds one record with a value of each input datatype', () => {
    expect(exampleRecord(metadata)).toEqual({ tenure_months: 0.5, plan: 'a', seats: 3 });
    expect(exampleRecord({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }] })).toEqual({ x: [0.5, 0.75, 1] });
  });

  it('puts the sticky key in the record for predict and in each MLflow row', () => {
    const routing = { stickyKey: 'customer_id', key: 'customer-00042' };
    expect(exampleBody('predict', metadata, routing)).toEqual({ tenure_months: 0.5, plan: 'a', seats: 3, customer_id: 'customer-00042' });
    expect(exampleBody('invocations', metadata, null)).toEqual({ dataframe_records: [{ tenure_months: 0.5, plan: 'a', seats: 3 }] });
  });

  it('builds a V2 request with one tensor per input and the key as parameters.routing_key', () => {
    const body = exampleBody('v2', metadata, { stickyKey: 'customer_id', key: 'k1' }) as any;
    expect(body.inputs).toEqual([
      { name: 'tenure_months', shape: [1, 1], datatype: 'FP32', data: [0.5] },
      { name: 'plan', shape: [1, 1], datatype: 'BYTES', data: ['a'] },
      { name: 'seats', shape: [1, 1], datatype: 'INT64', data: [3] },
    ]);
    expect(body.parameters).toEqual({ routing_key: 'k1' });
  });

  it('swaps the routing key in bodies the user edited, including split frames', () => {
    expect(withRoutingKey('predict', { a: 1, customer_id: 'old' }, 'customer_id', 'new')).toEqual({ a: 1, customer_id: 'new' });
    expect(
      withRoutingKey('invocations', { dataframe_split: { columns: ['a'], data: [[1], [2]] } }, 'customer_id', 'k'),
    ).toEqual({ dataframe_split: { columns: ['a', 'customer_id'], data: [[1, 'k'], [2, 'k']] } });
    expect(
      withRoutingKey('invocations', { dataframe_split: { columns: ['customer_id', 'a'], data: [['x', 1]] } }, 'customer_id', 'k'),
    ).toEqual({ dataframe_split: { columns: ['customer_id', 'a'], data: [['k', 1]] } });
    expect(withRoutingKey('v2', { inputs: [], parameters: { other: 1 } }, 'customer_id', 'k')).toEqual({ inputs: [], parameters: { other: 1, routing_key: 'k' } });
    expect(withRoutingKey('predict', [1, 2], 'customer_id', 'k')).toEqual([1, 2]);
  });

  it('makes customer-like keys and sends each protocol to its endpoint', () => {
    expect(randomKey(() => 0.00042)).toBe('customer-00042');
    const endpoints = { predict: 'http://h:2/deployments/churn/predict', invocations: 'http://h:2/invocations', v2_infer: 'http://h:2/v2/models/churn/infer' };
    expect(protocolRequest('invocations', endpoints, 'churn')).toEqual({ url: 'http://h:2/invocations', headers: { 'x-deployment': 'churn' } });
    expect(protocolRequest('v2', endpoints, 'churn').url).toBe(endpoints.v2_infer);
  });
});

describe('example bodies from a served request', () => {
  const metadata = {
    inputs: [
      { name: 'total_spend', datatype: 'FP32', shape: [-1, 1] },
      { name: 'registration_date', datatype: 'FP32', shape: [-1, 1] },
      { name: 'region', datatype: 'BYTES', shape: [-1, 1] },
    ],
  };
  const sample = { total_spend: 155.01, registration_date: '2024-04-02', region: 'central', customer_id: 'C1' };

  it('takes the logged values for record protocols, dates included', () => {
    expect(exampleBody('predict', metadata, null, sample)).toEqual({ total_spend: 155.01, registration_date: '2024-04-02', region: 'central' });
  });

  it('keeps placeholders in V2 tensors where a logged value does not fit the datatype', () => {
    const body = exampleBody('v2', metadata, null, sample) as { inputs: Array<{ name: string; data: unknown[] }> };
    expect(body.inputs.map((input) => input.data[0])).toEqual([155.01, 0.75, 'central']);
  });
});
