// Request bodies for the "Try it" panel, built from the deployment's V2 metadata (input names,
// datatypes, shapes) so the first Send works without the user knowing the model's columns.
import type { V2ModelMetadata, V2TensorMetadata } from '../../api/serving-api';

export type TryProtocol = 'predict' | 'invocations' | 'v2';

export const protocolLabels: Record<TryProtocol, string> = {
  predict: 'Product predict',
  invocations: 'MLflow invocations',
  v2: 'Open Inference v2',
};

type Value = number | string | boolean;

/** A plausible value of a datatype: numbers for numeric tensors, a word for BYTES. */
export function exampleValue(datatype: string, index: number): Value {
  const type = datatype.toUpperCase();
  if (type === 'BOOL') return index % 2 === 0;
  if (type === 'BYTES') return 'a';
  if (type.startsWith('FP') || type === 'BF16') return Number((0.5 + index * 0.25).toFixed(2));
  return index + 1;
}

/** Values per row of one input: a tabular column ([-1] or [-1, 1]) holds one, a wider tensor several. */
function widthOf(input: V2TensorMetadata): number {
  const width = input.shape.slice(1).reduce((product, dimension) => product * (dimension > 0 ? dimension : 1), 1);
  return Math.max(1, width);
}

/**
 * A logged request's value for an input, when it fits the protocol: record protocols take it as
 * logged (ISO dates included); V2 tensors need a number for numeric inputs and text for BYTES.
 */
function sampleValue(sample: Record<string, unknown> | null, input: V2TensorMetadata, forTensor: boolean): Value | undefined {
  const value = sample?.[input.name];
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') return undefined;
  if (!forTensor) return value;
  const type = input.datatype.toUpperCase();
  if (type === 'BYTES') return typeof value === 'string' ? value : String(value);
  return typeof value === 'number' ? value : undefined;
}

/**
 * One example record: input name → value (or a list of values for a wider tensor). Values come
 * from `sample` (a request the deployment already served) where they fit, else placeholders.
 */
export function exampleRecord(metadata: Pick<V2ModelMetadata, 'inputs'>, sample: Record<string, unknown> | null = null, forTensor = false): Record<string, Value | Value[]> {
  const record: Record<string, Value | Value[]> = {};
  metadata.inputs.forEach((input, index) => {
    const width = widthOf(input);
    record[input.name] =
      width === 1
        ? (sampleValue(sample, input, forTensor) ?? exampleValue(input.datatype, index))
        : Array.from({ length: width }, (_, position) => exampleValue(input.datatype, index + position));
  });
  return record;
}

/** The request body of a protocol for one record; the routing key travels where that protocol reads it. */
export function exampleBody(
  protocol: TryProtocol,
  metadata: Pick<V2ModelMetadata, 'inputs'>,
  routing: { stickyKey: string; key: string } | null,
  sample: Record<string, unknown> | null = null,
): unknown {
  const record = exampleRecord(metadata, sample, protocol === 'v2');
  if (protocol === 'v2') {
    const body = {
      inputs: metadata.inputs.map((input) => {
        const value = record[input.name];
        const data = Array.isArray(value) ? value : [value];
        return { name: input.name, shape: [1, data.length], datatype: input.datatype, data };
      }),
    };
    return routing ? withRoutingKey('v2', body, routing.stickyKey, routing.key) : body;
  }
  const keyed = routing ? { ...record, [routing.stickyKey]: routing.key } : record;
  return protocol === 'predict' ? keyed : { dataframe_records: [keyed] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Puts `key` where the protocol's router reads it: the record's sticky column (predict), every row
 * of an MLflow frame, or V2 `parameters.routing_key`. Bodies of other shapes come back unchanged.
 */
export function withRoutingKey(protocol: TryProtocol, body: unknown, stickyKey: string, key: string): unknown {
  if (!isRecord(body)) return body;
  if (protocol === 'v2') return { ...body, parameters: { ...(isRecord(body.parameters) ? body.parameters : {}), routing_key: key } };
  if (protocol === 'predict') return { ...body, [stickyKey]: key };
  if (Array.isArray(body.dataframe_records)) {
    return { ...body, dataframe_records: body.dataframe_records.map((row) => (isRecord(row) ? { ...row, [stickyKey]: key } : row)) };
  }
  const split = body.dataframe_split;
  if (isRecord(split) && Array.isArray(split.columns) && Array.isArray(split.data)) {
    const column = split.columns.indexOf(stickyKey);
    const columns = column < 0 ? [...split.columns, stickyKey] : split.columns;
    const data = split.data.map((row) => {
      if (!Array.isArray(row)) return row;
      const copy = [...row];
      copy[column < 0 ? copy.length : column] = key;
      return copy;
    });
    return { ...body, dataframe_split: { ...split, columns, data } };
  }
  return body;
}

/** A key shaped like the sample's customer ids, so a burst of sends lands in many buckets. */
export function randomKey(random: () => number = Math.random): string {
  return `customer-${String(Math.floor(random() * 100_000)).padStart(5, '0')}`;
}

/** Where each protocol is sent (the deployment's own endpoint URLs) and the headers it needs. */
export function protocolRequest(
  protocol: TryProtocol,
  endpoints: { predict: string; invocations: string; v2_infer: string },
  name: string,
): { url: string; headers: Record<string, string> } {
  if (protocol === 'predict') return { url: endpoints.predict, headers: {} };
  if (protocol === 'v2') return { url: endpoints.v2_infer, headers: {} };
  return { url: endpoints.invocations, headers: { 'x-deployment': name } };
}
