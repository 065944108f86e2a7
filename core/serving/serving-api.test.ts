// The inference server as users and their clients drive it: deploy a registered version, score it
// over the product API, MLflow's /invocations, Open Inference Protocol v2 and KServe V1 with the
// same answers as the run's own ONNX model; sticky canary rollouts that ramp without moving anyone,
// exclusions, shadow arms, the prediction log with feedback, bad input answered with the right
// status, and changes under load that never fail a valid request. A real core on loopback.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChurnRows, type ChurnRow } from '../../resources/samples/churn/generate.js';
import { encodeModel, GraphBuilder, makeModel } from '../onnx/builder.js';
import { epochDays } from '../onnx/session.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { importChurnDataset, waitForJob } from '../testing/training-fixtures.js';

let core: CoreProcess;
let inference: string;
const modelName = 'churn';
/** Registered versions: 1 = logistic regression, 2 = gradient-boosted trees, 3 = small trees (its bytes get corrupted), 4 and 5 used by one deployment only. */
const versions = { lr: 1, gbdt: 2, spare: 3, ownStable: 4, ownCandidate: 5 };
const rows = generateChurnRows({ rows: 600, seed: 99 });
const featureNames = ['event_timestamp', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'registration_date', 'customer_segment', 'region'] as const;
type Features = Pick<ChurnRow, (typeof featureNames)[number]>;

function features(row: ChurnRow): Features {
  return Object.fromEntries(featureNames.map((name) => [name, row[name]])) as Features;
}
/** A record as a churn service gets it: the features plus the customer id (the sticky key). */
function withCustomer(row: ChurnRow): Features & { customer_id: string } {
  return { ...features(row), customer_id: row.customer_id };
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const raw = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined || raw ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : raw ? (body as string | Uint8Array) : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}
const infer = (route: string, body?: unknown, headers?: Record<string, string>) => send(body === undefined ? 'GET' : 'POST', `${inference}${route}`, body, headers);
const predict = (deployment: string, record: unknown, headers?: Record<string, string>) => infer(`/deployments/${deployment}/predict`, record, headers);
const batchPredict = (deployment: string, records: unknown[], headers?: Record<string, string>) => infer(`/deployments/${deployment}/batch_predict`, records, headers);

async function train(model: string, seed: number, params: Record<string, unknown>): Promise<string> {
  const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model, experiment: 'serving-test', seed, params });
  expect(started.status, started.text).toBe(200);
  const job = await waitForJob(core, started.body.job.id);
  expect(job.status, job.error).toBe('succeeded');
  return started.body.run_id as string;
}

async function deploy(name: string, version: number): Promise<any> {
  const created = await core.call('POST', '/api/deployments', { name, model: modelName, version });
  expect(created.status, created.text).toBe(200);
  return created.body.deployment;
}

async function artifactPath(version: number): Promise<string> {
  const { sha256 } = (await core.call('GET', `/api/models/${modelName}/versions/${version}`)).body.version;
  return path.join(core.workspace, 'artifacts', 'sha256', sha256.slice(0, 2), sha256);
}

/** What the registered ONNX model itself says for these rows, run here with onnxruntime: the answer every protocol must give. */
const references = new Map<number, ort.InferenceSession>();
async function reference(version: number, records: Features[]): Promise<{ probability: number[]; label: number[] }> {
  let session = references.get(version);
  if (!session) references.set(version, (session = await ort.InferenceSession.create(await readFile(await artifactPath(version)))));
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of featureNames) {
    if (name === 'customer_segment' || name === 'region') feeds[name] = new ort.Tensor('string', records.map((record) => record[name]), [records.length, 1]);
    else if (name === 'event_timestamp' || name === 'registration_date') feeds[name] = new ort.Tensor('float32', Float32Array.from(records, (record) => epochDays(Date.parse(record[name]))), [records.length, 1]);
    else feeds[name] = new ort.Tensor('float32', Float32Array.from(records, (record) => record[name]), [records.length, 1]);
  }
  const outputs = await session.run(feeds);
  const probabilities = outputs.probabilities.data as Float32Array;
  return { probability: records.map((_, row) => probabilities[row * 2 + 1]), label: Array.from(outputs.label.data as BigInt64Array, Number) };
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value, `row ${index}`).toBeCloseTo(expected[index], 6));
}

/** A V2 infer request for these rows: one [N,1] tensor per model input; datetimes as the model takes them, FP32 days since 1970. */
function v2Tensors(records: Features[], extra: Record<string, unknown> = {}): { inputs: Array<{ name: string; shape: number[]; datatype: string; data: unknown[] }>; [key: string]: unknown } {
  return {
    ...extra,
    inputs: featureNames.map((name) => {
      const text = name === 'customer_segment' || name === 'region';
      const date = name === 'event_timestamp' || name === 'registration_date';
      return { name, shape: [records.length, 1], datatype: text ? 'BYTES' : 'FP32', data: records.map((record) => (date ? epochDays(Date.parse(record[name])) : record[name])) };
    }),
  };
}
function v2Probabilities(body: any): number[] {
  const tensor = body.outputs.find((output: { name: string }) => output.name === 'probabilities');
  return (tensor.data as number[]).filter((_, index) => index % 2 === 1);
}

beforeAll(async () => {
  core = await startCoreProcess();
  inference = JSON.parse(await readFile(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
  await importChurnDataset(core, 1500, 21);
  const trained = await Promise.all([train('lr', 5, {}), train('gbdt', 5, { max_iter: 20 }), train('gbdt', 6, { max_iter: 4 }), train('gbdt', 8, { max_iter: 6 }), train('lr', 9, { C: 0.3 })]);
  for (const run of trained) {
    const registered = await core.call('POST', '/api/models/register', { name: modelName, run_id: run });
    expect(registered.status, registered.text).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await core?.dispose();
  if (core) await rm(core.workspace, { recursive: true, force: true }); // the restart test reuses it, so dispose() keeps it
});

describe('one deployment, every protocol, the same answers', () => {
  const name = 'churn-api';
  const sample = rows.slice(0, 20).map(features);
  let expected: { probability: number[]; label: number[] };

  beforeAll(async () => {
    const deployment = await deploy(name, versions.gbdt);
    expect(deployment.arms).toEqual([expect.objectContaining({ variant: 'stable', model: modelName, version: versions.gbdt, percent: 100, ready: true, error: null })]);
    expect(deployment.endpoints.predict).toBe(`${inference}/deployments/${name}/predict`);
    expected = await reference(versions.gbdt, sample);
  });

  it('answers the product API: one record → one result, a list → one result per record, in order', async () => {
    const single = await predict(name, sample[0]);
    expect(single.status, single.text).toBe(200);
    expect(single.body).toEqual({ id: expect.any(String), probability: expect.any(Number), prediction: expected.label[0], model_version: versions.gbdt, arm: 'stable' });
    expect(single.body.probability).toBeCloseTo(expected.probability[0], 6);
    expect(single.headers.get('x-model-variant')).toBe('stable');
    expect(single.headers.get('x-model-version')).toBe(String(versions.gbdt));

    const withId = await predict(name, { ...sample[1], id: 'order-17' });
    expect(withId.body.id).toBe('order-17');

    const batch = await batchPredict(name, sample);
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body.predictions).toHaveLength(sample.length);
    expectClose(batch.body.predictions.map((result: { probability: number }) => result.probability), expected.probability);
    expect(batch.body.predictions.map((result: { prediction: number }) => result.prediction)).toEqual(expected.label);
    expect(new Set(batch.body.predictions.map((result: { id: string }) => result.id)).size).toBe(sample.length);
    const wrapped = await batchPredict(name, { records: sample.slice(0, 2) } as unknown as unknown[]);
    expect(wrapped.body.predictions).toHaveLength(2);
  });

  it("answers MLflow's /invocations in all four JSON shapes and CSV, with the deployment named by header or the default", async () => {
    const columns = [...featureNames];
    const shapes = {
      dataframe_split: { dataframe_split: { columns, data: sample.map((record) => columns.map((column) => record[column])) } },
      dataframe_records: { dataframe_records: sample },
      instances: { instances: sample },
      inputs: { inputs: Object.fromEntries(columns.map((column) => [column, sample.map((record) => record[column])])) },
    };
    for (const [shape, body] of Object.entries(shapes)) {
      const answer = await infer('/invocations', body, { 'x-deployment': name });
      expect(answer.status, `${shape}: ${answer.text}`).toBe(200);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expectClose(
        answer.body.predictions.map((prediction: { probabilities: number[] }) => prediction.probabilities[1]),
        expected.probability,
      );
      expect(answer.body.predictions.map((prediction: { label: number }) => prediction.label)).toEqual(expected.label);
    }
    const csv = [columns.join(','), ...sample.map((record) => columns.map((column) => record[column]).join(','))].join('\n');
    const fromCsv = await infer('/invocations', csv, { 'Content-Type': 'text/csv', 'x-deployment': name });
    expect(fromCsv.status, fromCsv.text).toBe(200);
    expectClose(fromCsv.body.predictions.map((prediction: { probabilities: number[] }) => prediction.probabilities[1]), expected.probability);
    // pandas' to_csv() writes the index as an unnamed first column
    const pandasCsv = [`,${columns.join(',')}`, ...sample.map((record, index) => `${index},${columns.map((column) => record[column]).join(',')}`)].join('\n');
    const fromPandas = await infer('/invocations', pandasCsv, { 'Content-Type': 'text/csv; charset=utf-8', 'x-deployment': name });
    expect(fromPandas.status, fromPandas.text).toBe(200);
    expect(fromPandas.body.predictions).toHaveLength(sample.length);
    // Without a header, the oldest deployment answers: this one.
    const byDefault = await infer('/invocations', shapes.dataframe_records);
    expect(byDefault.status).toBe(200);
    expect(byDefault.headers.get('x-model-version')).toBe(String(versions.gbdt));

    const ping = await infer('/ping');
    expect(ping.status).toBe(200);
    expect(ping.text).toBe('\n');
    expect((await infer('/health')).status).toBe(200);
    const version = await infer('/version');
    expect(version.status).toBe(200);
    expect(version.text).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('answers Open Inference Protocol v2: health, metadata, readiness and infer with the id echoed', async () => {
    expect(await infer('/v2/health/live')).toMatchObject({ status: 200, body: { live: true } });
    expect(await infer('/v2/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect((await infer('/v2')).body).toMatchObject({ name: expect.any(String), version: expect.any(String), extensions: expect.any(Array) });
    const metadata = await infer(`/v2/models/${name}`);
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({ name, versions: [String(versions.gbdt)], platform: 'onnx_onnxv1' });
    expect(metadata.body.inputs).toContainEqual({ name: 'total_spend', datatype: 'FP32', shape: [-1, 1] });
    expect(metadata.body.inputs).toContainEqual({ name: 'region', datatype: 'BYTES', shape: [-1, 1] });
    expect(metadata.body.outputs).toContainEqual({ name: 'probabilities', datatype: 'FP32', shape: [-1, 2] });
    expect((await infer(`/v2/models/${name}/versions/${versions.gbdt}`)).body.versions).toEqual([String(versions.gbdt)]);
    expect(await infer(`/v2/models/${name}/ready`)).toMatchObject({ status: 200, body: { name, ready: true } });
    expect(await infer(`/v2/models/${name}/versions/${versions.gbdt}/ready`)).toMatchObject({ status: 200, body: { name, ready: true } });

    const answer = await infer(`/v2/models/${name}/infer`, v2Tensors(sample, { id: 'req-42' }));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ model_name: name, model_version: String(versions.gbdt), id: 'req-42', parameters: { variant: 'stable' } });
    expect(answer.headers.get('x-model-variant')).toBe('stable');
    expectClose(v2Probabilities(answer.body), expected.probability);
    const label = answer.body.outputs.find((output: { name: string }) => output.name === 'label');
    expect(label).toMatchObject({ datatype: 'INT64', shape: [sample.length] });
    expect(label.data).toEqual(expected.label);

    // nested data is as valid as flat, and only the outputs asked for come back
    const nested = v2Tensors(sample.slice(0, 2), { outputs: [{ name: 'probabilities' }] });
    for (const input of nested.inputs) input.data = input.data.map((value: unknown) => [value]);
    const pinned = await infer(`/v2/models/${name}/versions/${versions.gbdt}/infer`, nested);
    expect(pinned.status, pinned.text).toBe(200);
    expect(pinned.body.outputs.map((output: { name: string }) => output.name)).toEqual(['probabilities']);
    expectClose(v2Probabilities(pinned.body), expected.probability.slice(0, 2));
  });

  it('answers KServe V1 with one prediction per instance', async () => {
    const listed = await infer('/v1/models');
    expect(listed.body.models).toContain(name);
    expect(await infer(`/v1/models/${name}`)).toMatchObject({ status: 200, body: { name, ready: true } });
    const byName = await infer(`/v1/models/${name}:predict`, { instances: sample });
    expect(byName.status, byName.text).toBe(200);
    expect(byName.body.predictions).toEqual(expected.label);
    const byPosition = await infer(`/v1/models/${name}:predict`, { instances: sample.map((record) => featureNames.map((column) => record[column])) });
    expect(byPosition.status, byPosition.text).toBe(200);
    expect(byPosition.body.predictions).toEqual(expected.label);
  });

  it('gives the same probability for the same row on every protocol', async () => {
    const record = features(rows[40]);
    const [want] = (await reference(versions.gbdt, [record])).probability;
    const product = (await predict(name, record)).body.probability;
    const mlflow = (await infer('/invocations', { dataframe_records: [record] }, { 'x-deployment': name })).body.predictions[0].probabilities[1];
    const v2 = v2Probabilities((await infer(`/v2/models/${name}/infer`, v2Tensors([record]))).body)[0];
    for (const got of [product, mlflow, v2]) expect(got).toBeCloseTo(want, 6);
    expect(product).toBe(mlflow);
    expect(product).toBe(v2);
  });

  it('reports health, readiness and Prometheus metrics with latency histograms', async () => {
    expect(await infer('/healthz')).toMatchObject({ status: 200 });
    expect(await infer('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    await predict(name, sample[0]);
    const metrics = await infer('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain('# TYPE inference_requests_total counter');
    expect(metrics.text).toMatch(new RegExp(`^inference_requests_total\\{[^}]*model="${modelName}"[^}]*version="${versions.gbdt}"[^}]*variant="stable"[^}]*code="200"\\} [1-9]\\d*$`, 'm'));
    expect(metrics.text).toContain('# TYPE inference_request_duration_seconds histogram');
    for (const bound of ['0.0001', '0.001', '0.01', '1', '+Inf']) expect(metrics.text).toMatch(new RegExp(`^inference_request_duration_seconds_bucket\\{[^}]*variant="stable"[^}]*le="${bound.replace('+', '\\+')}"\\} \\d+$`, 'm'));
    expect(metrics.text).toMatch(/^inference_request_duration_seconds_count\{[^}]*\} [1-9]\d*$/m);
    expect(metrics.text).toMatch(new RegExp(`^model_load_duration_seconds\\{[^}]*model="${modelName}"[^}]*\\} [0-9.e-]+$`, 'm'));
  });

  it('answers browsers on other origins with CORS headers, other clients without them', async () => {
    const preflight = await send('OPTIONS', `${inference}/deployments/${name}/predict`, undefined, { Origin: 'http://127.0.0.1:5400', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    const fromBrowser = await predict(name, sample[0], { Origin: 'http://127.0.0.1:5400' });
    expect(fromBrowser.status).toBe(200);
    expect(fromBrowser.headers.get('access-control-allow-origin')).toBe('*');
    expect(fromBrowser.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const refused = await infer('/deployments/nope/predict', sample[0], { Origin: 'http://127.0.0.1:5400' });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const fromClient = await predict(name, sample[0]);
    expect(fromClient.status).toBe(200);
    expect(fromClient.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sticky canary rollouts', () => {
  const name = 'churn-rollout';
  const customers = rows.slice(0, 500);
  /** The arm each customer's record lands on, through batch_predict (each record is routed on its own key). */
  async function arms(): Promise<Map<string, string>> {
    const answer = await batchPredict(name, customers.map(withCustomer));
    expect(answer.status, answer.text).toBe(200);
    return new Map(customers.map((customer, index) => [customer.customer_id, answer.body.predictions[index].arm]));
  }
  const inCandidate = (assignment: Map<string, string>) => new Set([...assignment].filter(([, arm]) => arm === 'candidate').map(([key]) => key));
  const highValue = new Set(customers.filter((customer) => customer.customer_segment === 'high_value_customers').map((customer) => customer.customer_id));

  beforeAll(async () => {
    await deploy(name, versions.lr);
    const rollout = await core.call('POST', `/api/deployments/${name}/rollout`, {
      model: modelName,
      version: versions.gbdt,
      percent: 10,
      sticky_key: 'customer_id',
      excluded: [{ column: 'customer_segment', value: 'high_value_customers' }],
    });
    expect(rollout.status, rollout.text).toBe(200);
    expect(rollout.body.deployment.arms).toEqual([
      expect.objectContaining({ variant: 'stable', version: versions.lr, percent: 90, ready: true }),
      expect.objectContaining({ variant: 'candidate', version: versions.gbdt, percent: 10, ready: true }),
    ]);
    expect(rollout.body.deployment).toMatchObject({ sticky_key: 'customer_id', excluded: [{ column: 'customer_segment', value: 'high_value_customers' }] });
    for (const bad of [{ percents: [150] }, { percents: [-1] }, { percents: [10, 10] }, { percents: ['ten'] }]) {
      const refused = await core.call('PATCH', `/api/deployments/${name}`, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.gbdt, percent: 150 })).status).toBe(400);
    expect((await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.gbdt })).status).toBe(400);
    expect((await core.call('GET', `/api/deployments/${name}`)).body.deployment.arms.map((arm: { percent: number }) => arm.percent)).toEqual([90, 10]);
  });

  it('sends the same customer to the same arm on every one of 1,000 calls, and candidates answer with the candidate model', async () => {
    const keys = customers.filter((customer) => !highValue.has(customer.customer_id)).slice(0, 10);
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(keys.flatMap((customer) => Array.from({ length: 5 }, () => predict(name, withCustomer(customer)).then((answer) => [customer.customer_id, answer] as const))));
      for (const [key, answer] of answers) {
        expect(answer.status, answer.text).toBe(200);
        expect(answer.body.model_version).toBe(answer.body.arm === 'candidate' ? versions.gbdt : versions.lr);
        seen.set(key, (seen.get(key) ?? new Set()).add(answer.body.arm));
      }
    }
    expect([...seen.values()].reduce((sum, set) => sum + set.size, 0)).toBe(keys.length);
    // V2 with the same routing key agrees, and reports the bucket that decided it (candidate iff bucket < 1000)
    for (const customer of keys) {
      const viaPredict = [...seen.get(customer.customer_id)!][0];
      const viaV2 = await infer(`/v2/models/${name}/infer`, v2Tensors([features(customer)], { parameters: { routing_key: customer.customer_id } }));
      expect(viaV2.status, viaV2.text).toBe(200);
      expect(viaV2.body.parameters.variant).toBe(viaPredict);
      expect(viaV2.body.parameters.bucket < 1000).toBe(viaPredict === 'candidate');
      expect(viaV2.headers.get('x-model-variant')).toBe(viaPredict);
    }
    // explicit targets override the split: a variant header (KServe's `latest` = candidate), or a pinned version path
    const candidateCustomer = keys.find((customer) => [...seen.get(customer.customer_id)!][0] === 'candidate') ?? customers.find((customer) => !highValue.has(customer.customer_id))!;
    const routed = v2Tensors([features(candidateCustomer)], { parameters: { routing_key: candidateCustomer.customer_id } });
    for (const [header, variant, version] of [['candidate', 'candidate', versions.gbdt], ['latest', 'candidate', versions.gbdt], ['stable', 'stable', versions.lr]] as const) {
      const targeted = await infer(`/v2/models/${name}/infer`, routed, { 'x-model-variant': header });
      expect(targeted.body, header).toMatchObject({ model_version: String(version), parameters: { variant } });
    }
    for (const version of [versions.lr, versions.gbdt]) {
      const pinned = await infer(`/v2/models/${name}/versions/${version}/infer`, routed);
      expect(pinned.status, pinned.text).toBe(200);
      expect(pinned.body.model_version).toBe(String(version));
      expectClose(v2Probabilities(pinned.body), (await reference(version, [features(candidateCustomer)])).probability);
    }
    expect((await infer(`/v2/models/${name}`)).body.versions.sort()).toEqual([String(versions.lr), String(versions.gbdt)]);
    const unknownVariant = await infer(`/v2/models/${name}/infer`, routed, { 'x-model-variant': 'arm-7' });
    expect(unknownVariant.status).toBe(400);
    expect(unknownVariant.body.error).toContain('arm-7');
  });

  it('keeps excluded segments and requests without the key on stable', async () => {
    const assignment = await arms();
    for (const key of highValue) expect(assignment.get(key), key).toBe('stable');
    const anonymous = await batchPredict(name, customers.slice(0, 50).map(features));
    expect(anonymous.body.predictions.every((result: { arm: string }) => result.arm === 'stable')).toBe(true);
    const emptyKey = await predict(name, { ...features(customers[0]), customer_id: '' });
    expect(emptyKey.body.arm).toBe('stable');
  });

  it('excludes a segment on /invocations, V1 and V2 as on the product API', async () => {
    await core.call('PATCH', `/api/deployments/${name}`, { percents: [100] });
    try {
      const excluded = customers.find((customer) => highValue.has(customer.customer_id))!;
      const record = withCustomer(excluded);
      expect((await predict(name, record)).body.arm).toBe('stable');
      const mlflow = await infer('/invocations', { dataframe_records: [record] }, { 'x-deployment': name });
      expect(mlflow.status, mlflow.text).toBe(200);
      expect.soft(mlflow.headers.get('x-model-variant'), '/invocations').toBe('stable');
      const v1 = await infer(`/v1/models/${name}:predict`, { instances: [record] });
      expect(v1.status, v1.text).toBe(200);
      expect.soft(v1.headers.get('x-model-variant'), 'V1').toBe('stable');
      const v2 = await infer(`/v2/models/${name}/infer`, v2Tensors([features(excluded)], { parameters: { routing_key: excluded.customer_id } }));
      expect(v2.status, v2.text).toBe(200);
      expect.soft(v2.body.parameters.variant, 'V2').toBe('stable');
    } finally {
      await core.call('PATCH', `/api/deployments/${name}`, { percents: [10] });
    }
  });

  it('ramps 10 → 20 → 50 % keeping every earlier candidate, rolls back to stable, then promotes', async () => {
    const atTen = inCandidate(await arms());
    expect(atTen.size).toBeGreaterThan(customers.length * 0.04);
    expect(atTen.size).toBeLessThan(customers.length * 0.17);
    const rolloutId = (await core.call('GET', `/api/deployments/${name}`)).body.deployment.rollout_id;

    const twenty = await core.call('PATCH', `/api/deployments/${name}`, { percents: [20] });
    expect(twenty.status, twenty.text).toBe(200);
    expect(twenty.body.deployment.rollout_id).toBe(rolloutId);
    const atTwenty = inCandidate(await arms());
    for (const key of atTen) expect(atTwenty.has(key), `${key} left the candidate at 20 %`).toBe(true);
    expect(await core.call('PATCH', `/api/deployments/${name}`, { percents: [50] })).toMatchObject({ status: 200 });
    const atFifty = inCandidate(await arms());
    for (const key of atTwenty) expect(atFifty.has(key), `${key} left the candidate at 50 %`).toBe(true);
    expect(atFifty.size).toBeGreaterThan(atTwenty.size);
    for (const key of highValue) expect(atFifty.has(key)).toBe(false);

    const rolledBack = await core.call('POST', `/api/deployments/${name}/rollback`);
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(rolledBack.body.deployment.arms.map((arm: { variant: string; percent: number }) => [arm.variant, arm.percent])).toEqual([['stable', 100], ['candidate', 0]]);
    expect(inCandidate(await arms()).size).toBe(0);
    // the rolled-back candidate stays loaded for explicit targeting
    const targeted = await predict(name, withCustomer(customers[0]), { 'x-model-variant': 'candidate' });
    expect(targeted.body).toMatchObject({ arm: 'candidate', model_version: versions.gbdt });

    await core.call('PATCH', `/api/deployments/${name}`, { percents: [50] });
    expect(inCandidate(await arms())).toEqual(atFifty); // same salt: the same people come back
    const promoted = await core.call('POST', `/api/deployments/${name}/promote`);
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body.deployment.arms).toEqual([expect.objectContaining({ variant: 'stable', version: versions.gbdt, percent: 100 })]);
    expect(promoted.body.deployment.previous).toEqual({ model: modelName, version: versions.lr });
    const after = await batchPredict(name, customers.slice(0, 100).map(withCustomer));
    expect(after.body.predictions.every((result: { arm: string; model_version: number }) => result.arm === 'stable' && result.model_version === versions.gbdt)).toBe(true);
    const previous = await predict(name, withCustomer(customers[0]), { 'x-model-variant': 'previous' });
    expect(previous.body).toMatchObject({ arm: 'previous', model_version: versions.lr });
    const unknownVariant = await predict(name, withCustomer(customers[0]), { 'x-model-variant': 'candidate' });
    expect(unknownVariant.status).toBe(400);

    const audit = await core.call('GET', `/api/audit?entity_type=deployment&entity_id=${name}`);
    expect(audit.status, audit.text).toBe(200);
    const actions = audit.body.entries.map((entry: { action: string }) => entry.action).reverse();
    expect(actions).toEqual(['deployment.create', 'deployment.rollout', 'deployment.update', 'deployment.update', 'deployment.update', 'deployment.update', 'deployment.rollback', 'deployment.update', 'deployment.promote']);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'tester', entity_type: 'deployment', entity_id: name });
  });

  it('starts a new rollout with a new salt and refuses a candidate that is already stable', async () => {
    const before = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    const same = await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.gbdt, percent: 10 });
    expect(same.status).toBe(400);
    const next = await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.lr, percent: 0 });
    expect(next.status, next.text).toBe(200);
    expect(next.body.deployment.rollout_id).not.toBe(before.rollout_id);
    // 0 % is nobody, never an even split
    expect(inCandidate(await arms()).size).toBe(0);
    expect((await core.call('POST', `/api/deployments/${name}/promote`)).status).toBe(200);
    expect((await core.call('POST', `/api/deployments/${name}/rollback`)).status).toBe(409);
  });
});

describe('shadow arm', () => {
  const name = 'churn-shadow';

  it('scores a copy of each request off the path: responses unchanged, shadow rows in the prediction log', async () => {
    await deploy(name, versions.lr);
    const shadowed = await core.call('PATCH', `/api/deployments/${name}`, { shadow: { model: modelName, version: versions.gbdt } });
    expect(shadowed.status, shadowed.text).toBe(200);
    expect(shadowed.body.deployment.arms).toEqual([expect.objectContaining({ variant: 'stable', version: versions.lr, percent: 100 }), expect.objectContaining({ variant: 'shadow', version: versions.gbdt, percent: 0 })]);

    const record = features(rows[3]);
    const [stableWants] = (await reference(versions.lr, [record])).probability;
    const [shadowWants] = (await reference(versions.gbdt, [record])).probability;
    const answer = await predict(name, { ...record, id: 'shadowed-1' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ id: 'shadowed-1', arm: 'stable', model_version: versions.lr });
    expect(answer.body.probability).toBeCloseTo(stableWants, 6);
    const v2 = await infer(`/v2/models/${name}/infer`, v2Tensors([record], { id: 'shadowed-v2' }));
    expect(v2.body).toMatchObject({ model_version: String(versions.lr), parameters: { variant: 'stable' } });
    const mlflow = await infer('/invocations', { dataframe_records: [record] }, { 'x-deployment': name, 'x-request-id': 'shadowed-mlflow' });
    expect(mlflow.headers.get('x-model-version')).toBe(String(versions.lr));

    let log: any[] = [];
    for (let attempt = 0; attempt < 40 && log.filter((entry) => entry.variant === 'shadow').length < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      log = (await core.call('GET', `/api/deployments/${name}/predictions?limit=100`)).body.predictions;
    }
    const shadows = log.filter((entry) => entry.variant === 'shadow');
    expect(shadows.map((entry) => entry.request_id).sort()).toEqual(['shadowed-1', 'shadowed-mlflow', 'shadowed-v2']);
    for (const entry of shadows) expect(entry).toMatchObject({ model: modelName, version: versions.gbdt, reason: 'shadow' });
    const productShadow = shadows.find((entry) => entry.request_id === 'shadowed-1');
    expect(JSON.stringify(productShadow.outputs)).toContain(String(shadowWants).slice(0, 6));
    const served = log.find((entry) => entry.request_id === 'shadowed-1' && entry.variant === 'stable');
    expect(served).toMatchObject({ version: versions.lr, protocol: 'predict' });
  });
});

describe('prediction log and feedback', () => {
  const name = 'churn-feedback';

  it('attaches ground-truth labels by request id and by entity key; unknown ids are 404', async () => {
    await deploy(name, versions.lr);
    expect((await core.call('PATCH', `/api/deployments/${name}`, { sticky_key: 'customer_id' })).status).toBe(200);
    const first = await predict(name, { ...withCustomer(rows[10]), id: 'fb-1' });
    expect(first.status, first.text).toBe(200);
    const second = await predict(name, withCustomer(rows[11]));
    const v2 = await infer(`/v2/models/${name}/infer`, v2Tensors([features(rows[12])], { id: 'fb-v2' }));
    expect(v2.status, v2.text).toBe(200);

    const feedbackUrl = `/deployments/${name}/feedback`;
    expect(await infer(feedbackUrl, { request_id: 'fb-1', label: 1 })).toMatchObject({ status: 200, body: { id: expect.any(Number) } });
    expect((await infer(feedbackUrl, { request_id: 'fb-v2', label: 'churned' })).status).toBe(200);
    expect((await infer(feedbackUrl, { entity_key: rows[11].customer_id, label: 0 })).status).toBe(200);
    const unknown = await infer(feedbackUrl, { request_id: 'never-sent', label: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('never-sent');
    expect((await infer(feedbackUrl, { entity_key: 'nobody', label: 1 })).status).toBe(404);
    expect((await infer(feedbackUrl, { request_id: 'fb-1', entity_key: rows[10].customer_id, label: 1 })).status).toBe(400);
    expect((await infer(feedbackUrl, { request_id: 'fb-1' })).status).toBe(400);
    expect((await infer(`/deployments/nope/feedback`, { request_id: 'fb-1', label: 1 })).status).toBe(404);
    // the /api route does the same for the UI
    expect((await core.call('POST', `/api/deployments/${name}/feedback`, { request_id: second.body.id, label: 'late' })).status).toBe(200);

    const log = (await core.call('GET', `/api/deployments/${name}/predictions`)).body.predictions;
    const byId = new Map(log.map((entry: { request_id: string }) => [entry.request_id, entry]));
    expect(byId.get('fb-1')).toMatchObject({ label: '1', entity_key: rows[10].customer_id, variant: 'stable', protocol: 'predict', version: versions.lr });
    expect((byId.get('fb-1') as any).inputs).toMatchObject({ total_spend: rows[10].total_spend });
    expect((byId.get('fb-1') as any).outputs).toMatchObject({ probability: first.body.probability });
    expect(byId.get('fb-v2')).toMatchObject({ label: 'churned', protocol: 'v2' });
    expect(byId.get(second.body.id)).toMatchObject({ label: 'late', entity_key: rows[11].customer_id }); // by id wins over by entity
    expect(log[0].time).toBeGreaterThanOrEqual(log[log.length - 1].time);
    expect((await core.call('GET', `/api/deployments/${name}/predictions?limit=1`)).body.predictions).toHaveLength(1);
    expect((await core.call('GET', `/api/deployments/${name}/predictions?limit=0`)).status).toBe(400);
  });
});

describe('bad input', () => {
  const name = 'churn-strict';
  const good = features(rows[5]);

  beforeAll(async () => {
    await deploy(name, versions.gbdt);
  });

  it('answers malformed JSON and wrong content types with 4xx in each protocol’s own envelope', async () => {
    const malformed = await infer(`/deployments/${name}/predict`, '{"total_spend": 1,', { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: expect.any(String), message: expect.stringContaining('JSON') });
    const v2 = await infer(`/v2/models/${name}/infer`, '{"inputs": [', { 'Content-Type': 'application/json' });
    expect(v2.status).toBe(400);
    expect(typeof v2.body.error).toBe('string');
    const mlflow = await infer('/invocations', '{"dataframe_records": [', { 'Content-Type': 'application/json', 'x-deployment': name });
    expect(mlflow.status).toBe(400);
    expect(mlflow.body).toMatchObject({ error_code: 'BAD_REQUEST', message: expect.stringContaining('Failed to parse input from JSON') });
    const twoKeys = await infer('/invocations', { dataframe_records: [good], instances: [good] }, { 'x-deployment': name });
    expect(twoKeys.status).toBe(400);
    expect(twoKeys.body.message).toContain('exactly one of the input fields');

    const xml = await infer('/invocations', '<rows/>', { 'Content-Type': 'application/xml', 'x-deployment': name });
    expect(xml.status).toBe(415);
    expect(xml.headers.get('content-type')).toContain('text/plain');
    expect(xml.text).toContain("This predictor only supports the following content types");
    const latin = await infer('/invocations', JSON.stringify({ dataframe_records: [good] }), { 'Content-Type': 'application/json; charset=latin-1', 'x-deployment': name });
    expect(latin).toMatchObject({ status: 415, text: 'The scoring server only supports UTF-8' });
    const oldFormat = await infer('/invocations', JSON.stringify({ dataframe_records: [good] }), { 'Content-Type': 'application/json; format=pandas-split', 'x-deployment': name });
    expect(oldFormat.status).toBe(415);
    expect(oldFormat.text).toContain('MLflow version 2.0');
    for (const route of [`/deployments/${name}/predict`, `/v2/models/${name}/infer`, `/v1/models/${name}:predict`]) {
      const text = await infer(route, JSON.stringify(good), { 'Content-Type': 'text/plain' });
      expect(text.status, route).toBeGreaterThanOrEqual(400);
      expect(text.status, route).toBeLessThan(500);
    }
  });

  it('refuses bodies over 16 MiB with 413 on every protocol, and keeps serving', async () => {
    const huge = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x20);
    for (const [route, headers] of [
      [`/deployments/${name}/predict`, { 'Content-Type': 'application/json' }],
      [`/v2/models/${name}/infer`, { 'Content-Type': 'application/json' }],
      ['/invocations', { 'Content-Type': 'application/json', 'x-deployment': name }],
    ] as const) {
      const answer = await infer(route, huge, headers);
      expect(answer.status, route).toBe(413);
    }
    expect((await predict(name, good)).status).toBe(200);
  });

  it('answers unknown deployments and versions with 404', async () => {
    expect((await predict('nope', good)).status).toBe(404);
    expect((await batchPredict('nope', [good])).status).toBe(404);
    const v2 = await infer('/v2/models/nope/infer', v2Tensors([good]));
    expect(v2.status).toBe(404);
    expect(v2.body.error).toContain('nope');
    expect((await infer('/v2/models/nope')).status).toBe(404);
    expect((await infer('/v2/models/nope/ready')).status).toBe(404);
    const mlflow = await infer('/invocations', { dataframe_records: [good] }, { 'x-deployment': 'nope' });
    expect(mlflow).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    expect((await infer('/v1/models/nope:predict', { instances: [good] })).status).toBe(404);
    expect((await infer('/v1/models/nope')).status).toBe(404);
    expect((await core.call('GET', '/api/deployments/nope')).status).toBe(404);
    expect((await core.call('POST', '/api/deployments/nope/rollout', { model: modelName, version: versions.lr, percent: 10 })).status).toBe(404);

    const unknownVersion = await infer(`/v2/models/${name}/versions/99/infer`, v2Tensors([good]));
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.error).toContain('99');
    expect((await infer(`/v2/models/${name}/versions/99`)).status).toBe(404);
    expect((await infer(`/v2/models/${name}/versions/99/ready`)).status).toBe(404);
    expect((await core.call('POST', '/api/deployments', { name: 'ghost', model: modelName, version: 99 })).status).toBe(404);
    expect((await core.call('POST', '/api/deployments', { name: 'ghost', model: 'no-such-model', version: 1 })).status).toBe(404);
    expect((await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: 99, percent: 10 })).status).toBe(404);
    expect((await core.call('GET', '/api/deployments')).body.deployments.map((deployment: { name: string }) => deployment.name)).not.toContain('ghost');
    const duplicate = await core.call('POST', '/api/deployments', { name, model: modelName, version: versions.lr });
    expect(duplicate.status).toBe(409);
  });

  it('answers a V2 tensor of the wrong shape or datatype with 400 naming the input', async () => {
    const wrongType = v2Tensors([good]);
    wrongType.inputs[1].datatype = 'FP64';
    const typed = await infer(`/v2/models/${name}/infer`, wrongType);
    expect(typed.status).toBe(400);
    expect(typed.body.error).toContain("'total_spend'");
    expect(typed.body.error).toContain('FP32');

    const wrongShape = v2Tensors([good]);
    wrongShape.inputs[2].shape = [1, 2];
    const shaped = await infer(`/v2/models/${name}/infer`, wrongShape);
    expect(shaped.status).toBe(400);
    expect(shaped.body.error).toContain("'transaction_count'");

    const tooFew = v2Tensors([good]);
    tooFew.inputs[3].shape = [2, 1];
    const counted = await infer(`/v2/models/${name}/infer`, tooFew);
    expect(counted.status).toBe(400);
    expect(counted.body.error).toContain("'avg_transaction_amount'");

    const textForNumber = v2Tensors([good]);
    textForNumber.inputs[4].data = ['many'];
    const texted = await infer(`/v2/models/${name}/infer`, textForNumber);
    expect(texted.status).toBe(400);
    expect(texted.body.error).toContain("'days_since_last_purchase'");

    const missing = v2Tensors([good]);
    missing.inputs.pop();
    const absent = await infer(`/v2/models/${name}/infer`, missing);
    expect(absent.status).toBe(400);
    expect(absent.body.error).toContain("'region'");

    const extra = v2Tensors([good]);
    extra.inputs.push({ name: 'shoe_size', shape: [1, 1], datatype: 'FP32', data: [42] });
    const unknown = await infer(`/v2/models/${name}/infer`, extra);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain("'shoe_size'");

    const noInputs = await infer(`/v2/models/${name}/infer`, { inputs: [] });
    expect(noInputs.status).toBe(400);
    const badId = await infer(`/v2/models/${name}/infer`, { ...v2Tensors([good]), id: 7 });
    expect(badId.status).toBe(400);
    const unknownOutput = await infer(`/v2/models/${name}/infer`, v2Tensors([good], { outputs: [{ name: 'logits' }] }));
    expect(unknownOutput.status).toBe(400);
    expect(unknownOutput.body.error).toContain("'logits'");
  });

  it('answers missing, extra and wrongly typed fields with 400 naming each one', async () => {
    const { total_spend: _dropped, ...missingSpend } = good;
    const broken = { ...missingSpend, transaction_count: 'lots', customer_segment: true, shoe_size: 42 };
    const answer = await predict(name, broken);
    expect(answer.status).toBe(400);
    for (const field of ['total_spend', 'transaction_count', 'customer_segment', 'shoe_size']) expect(answer.body.error.message).toContain(`'${field}'`);
    expect(answer.body.error.details.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(['customer_segment', 'shoe_size', 'total_spend', 'transaction_count']);

    const batch = await batchPredict(name, [good, { ...good, registration_date: 'yesterday' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.error.message).toContain('record 1');
    expect(batch.body.error.message).toContain("'registration_date'");
    const notRecords = await batchPredict(name, 'hello' as unknown as unknown[]);
    expect(notRecords.status).toBe(400);
    expect(await batchPredict(name, [])).toMatchObject({ status: 200, body: { predictions: [] } });

    const mlflow = await infer('/invocations', { dataframe_records: [broken] }, { 'x-deployment': name });
    expect(mlflow.status).toBe(400);
    expect(mlflow.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(mlflow.body.message).toContain('Failed to enforce schema');
    expect(mlflow.body.message).toContain("'shoe_size'");
    const v1 = await infer(`/v1/models/${name}:predict`, { instances: [broken] });
    expect(v1.status).toBe(400);
    expect(v1.body.error).toContain("'total_spend'");

    // documented coercions: numeric text, and null / "NaN" as a missing value our pipelines impute
    const coerced = await predict(name, { ...good, total_spend: String(good.total_spend) });
    expect(coerced.status, coerced.text).toBe(200);
    const [wanted] = (await reference(versions.gbdt, [good])).probability;
    expect(coerced.body.probability).toBeCloseTo(wanted, 6);
    for (const missing of [null, 'NaN', '']) {
      const imputed = await predict(name, { ...good, total_spend: missing });
      expect(imputed.status, `${JSON.stringify(missing)}: ${imputed.text}`).toBe(200);
      expect(Number.isFinite(imputed.body.probability)).toBe(true);
    }
    const nullTensor = v2Tensors([good]);
    nullTensor.inputs[1].data = [null];
    expect((await infer(`/v2/models/${name}/infer`, nullTensor)).status).toBe(200);
  });

  it('refuses a missing value for a model that cannot take one', async () => {
    const graph = new GraphBuilder('doubler');
    graph.addInput('x', 'float', ['N', 1]);
    const two = graph.addInitializer('two', 'float', [], [2]);
    graph.addNode('Mul', ['x', two], ['y']);
    graph.addOutput('y', 'float', ['N', 1]);
    const imported = await fetch(`${core.url}/api/models/import?name=doubler&file_name=doubler.onnx`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${core.token}`, 'Content-Type': 'application/octet-stream' },
      body: encodeModel(makeModel(graph.toGraph())),
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect((await core.call('POST', '/api/deployments', { name: 'doubler', model: 'doubler', version: 1 })).status).toBe(200);
    const ok = await infer('/v2/models/doubler/infer', { inputs: [{ name: 'x', shape: [2, 1], datatype: 'FP32', data: [1.5, -2] }] });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.outputs[0]).toMatchObject({ name: 'y', shape: [2, 1], data: [3, -4] });
    const nullValue = await infer('/v2/models/doubler/infer', { inputs: [{ name: 'x', shape: [1, 1], datatype: 'FP32', data: [null] }] });
    expect(nullValue.status).toBe(400);
    expect(nullValue.body.error).toContain("'x'");
    const missingRecord = await predict('doubler', { x: null });
    expect(missingRecord.status).toBe(400);
    expect(missingRecord.body.error.message).toContain("'x'");
    expect((await predict('doubler', { x: 4 })).body.prediction).toBe(8);
    expect((await core.call('DELETE', '/api/deployments/doubler')).status).toBe(200);
  });

  it('keeps the deployment on its previous arms, ready, when the new version cannot load', async () => {
    const file = await artifactPath(versions.spare);
    await chmod(file, 0o644);
    await writeFile(file, 'this is not an ONNX model any more');
    const before = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    const rollout = await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.spare, percent: 50, sticky_key: 'customer_id' });
    expect(rollout.status).toBeGreaterThanOrEqual(400);
    expect(rollout.status).toBeLessThan(500);
    expect(rollout.body.error.message).toContain(`version ${versions.spare}`);
    const after = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    expect(after).toEqual(before);
    expect(await infer(`/v2/models/${name}/ready`)).toMatchObject({ status: 200, body: { ready: true } });
    expect((await infer('/readyz')).status).toBe(200);
    const answers = await batchPredict(name, rows.slice(0, 50).map(features));
    expect(answers.status, answers.text).toBe(200);
    expect(answers.body.predictions.every((result: { arm: string; model_version: number }) => result.arm === 'stable' && result.model_version === versions.gbdt)).toBe(true);
    const shadow = await core.call('PATCH', `/api/deployments/${name}`, { shadow: { model: modelName, version: versions.spare } });
    expect(shadow.status).toBeGreaterThanOrEqual(400);
    expect((await core.call('GET', `/api/deployments/${name}`)).body.deployment).toEqual(before);
    const audit = await core.call('GET', `/api/audit?entity_type=deployment&entity_id=${name}`);
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['deployment.create']);
  });

  it('answers every valid request correctly while garbage is mixed into the load', async () => {
    const valid = rows.slice(100, 160).map(features);
    const wanted = (await reference(versions.gbdt, valid)).probability;
    const garbage: Array<() => Promise<Reply>> = [
      () => infer(`/deployments/${name}/predict`, '{{{', { 'Content-Type': 'application/json' }),
      () => predict(name, { shoe_size: 1 }),
      () => infer(`/v2/models/${name}/infer`, { inputs: [{ name: 'total_spend', shape: [1], datatype: 'FP32', data: [1, 2, 3] }] }),
      () => infer('/invocations', 'a,b\n1', { 'Content-Type': 'text/csv', 'x-deployment': name }),
      () => infer('/invocations', 'x', { 'Content-Type': 'image/png' }),
      () => predict('nope', good),
      () => infer(`/v2/models/${name}/versions/77/infer`, v2Tensors([good])),
    ];
    const results = await Promise.all(
      valid.flatMap((record, index) => [
        predict(name, record).then((answer) => ({ valid: true, index, answer })),
        garbage[index % garbage.length]().then((answer) => ({ valid: false, index, answer })),
      ]),
    );
    for (const { valid: isValid, index, answer } of results) {
      if (isValid) {
        expect(answer.status, answer.text).toBe(200);
        expect(answer.body.probability).toBeCloseTo(wanted[index], 6);
      } else {
        expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
        expect(answer.status, answer.text).toBeLessThan(500);
      }
    }
    const metrics = (await infer('/metrics')).text;
    const stableErrors = metrics.split('\n').filter((line) => line.startsWith('inference_requests_total{') && line.includes(`deployment="${name}"`) && line.includes('variant="stable"') && !line.includes('code="200"'));
    expect(stableErrors).toEqual([]);
  });
});

describe('changes under load', () => {
  const name = 'churn-swap';

  it('fails no valid request while rollouts, slider moves, promotions and rollbacks swap the models', async () => {
    await deploy(name, versions.lr);
    expect((await core.call('PATCH', `/api/deployments/${name}`, { sticky_key: 'customer_id' })).status).toBe(200);
    const records = rows.slice(200, 400).map(withCustomer);
    let running = true;
    let sent = 0;
    const failures: string[] = [];
    const versionsSeen = new Set<number>();
    const worker = async (offset: number) => {
      for (let index = offset; running; index += 8) {
        const answer = await predict(name, records[index % records.length]);
        sent++;
        if (answer.status !== 200 || !Number.isFinite(answer.body?.probability)) failures.push(`${answer.status} ${answer.text}`);
        else versionsSeen.add(answer.body.model_version);
      }
    };
    const workers = Array.from({ length: 8 }, (_, offset) => worker(offset));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 60));
    const changes: Array<[string, string, unknown?]> = [
      ['POST', 'rollout', { model: modelName, version: versions.gbdt, percent: 10, sticky_key: 'customer_id' }],
      ['PATCH', '', { percents: [50] }],
      ['PATCH', '', { percents: [100] }],
      ['POST', 'promote'],
      ['POST', 'rollout', { model: modelName, version: versions.lr, percent: 30 }],
      ['PATCH', '', { shadow: { model: modelName, version: versions.gbdt } }],
      ['POST', 'rollback'],
      ['PATCH', '', { percents: [60], shadow: null }],
      ['POST', 'promote'],
      ['POST', 'rollout', { model: modelName, version: versions.gbdt, percent: 100 }],
    ];
    try {
      for (const [method, action, body] of changes) {
        await pause();
        const changed = await core.call(method, `/api/deployments/${name}${action ? `/${action}` : ''}`, body);
        expect(changed.status, `${method} ${action}: ${changed.text}`).toBe(200);
      }
      await pause();
    } finally {
      running = false;
      await Promise.all(workers);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
    expect([...versionsSeen].sort()).toEqual([versions.lr, versions.gbdt]);
    const final = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    expect(final.arms.map((arm: { variant: string; version: number; percent: number }) => [arm.variant, arm.version, arm.percent])).toEqual([['stable', versions.lr, 0], ['candidate', versions.gbdt, 100]]);
    expect(final.previous).toEqual({ model: modelName, version: versions.gbdt });
  });
});

describe('models released by a change', () => {
  const name = 'churn-release';

  it('finishes batches that span two arms while the candidate is swapped out and released', async () => {
    await deploy(name, versions.ownStable);
    const rollout = { model: modelName, version: versions.ownCandidate, percent: 50, sticky_key: 'customer_id' };
    expect((await core.call('POST', `/api/deployments/${name}/rollout`, rollout)).status).toBe(200);
    const batch = rows.slice(0, 30).map(withCustomer);
    const first = await batchPredict(name, batch);
    expect(new Set(first.body.predictions.map((result: { arm: string }) => result.arm))).toEqual(new Set(['stable', 'candidate']));
    let running = true;
    const failures: string[] = [];
    const worker = async () => {
      while (running) {
        const answer = await batchPredict(name, batch);
        if (answer.status !== 200) failures.push(`${answer.status} ${answer.text}`);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    try {
      // each new rollout drops the old candidate: version 5 is used by nothing else, so its session is released
      for (let round = 0; round < 12; round++) {
        const next = round % 2 === 0 ? { ...rollout, version: versions.lr } : rollout;
        const changed = await core.call('POST', `/api/deployments/${name}/rollout`, next);
        expect(changed.status, changed.text).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      running = false;
      await Promise.all(workers);
    }
    const requestLog = await readFile(path.join(core.workspace, 'logs', 'requests.log'), 'utf8').catch(() => '');
    expect(failures.slice(0, 3), /inference internal error.*\n.*\n.*\n.*/.exec(requestLog)?.[0]).toEqual([]);
  });
});

/** A POST whose body arrives in two parts, so something can happen on the server in between. */
function slowPost(url: string, text: string): { finish(): void; response: Promise<Reply> } {
  const half = Math.floor(text.length / 2);
  let finish = () => {};
  const response = new Promise<Reply>((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk) => (body += chunk));
      incoming.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        resolve({ status: incoming.statusCode ?? 0, headers: new Headers(), text: body, body: parsed });
      });
    });
    outgoing.on('error', reject);
    outgoing.write(text.slice(0, half));
    finish = () => outgoing.end(text.slice(half));
  });
  return { finish, response };
}

describe('a change while a request body is still arriving', () => {
  const name = 'churn-slow';

  it('answers the request instead of failing on a model the change released', async () => {
    const { sha256 } = (await core.call('GET', `/api/models/${modelName}/versions/${versions.ownStable}`)).body.version;
    // the same trees under another name: a session nothing else shares, released when the rollout replaces it
    const bytes = await readFile(path.join(core.workspace, 'artifacts', 'sha256', sha256.slice(0, 2), sha256));
    const imported = await fetch(`${core.url}/api/models/import?name=churn-copy&file_name=model.onnx`, { method: 'POST', headers: { Authorization: `Bearer ${core.token}`, 'Content-Type': 'application/octet-stream' }, body: bytes });
    expect(imported.status).toBe(200);
    await deploy(name, versions.lr);
    const toCopy = { model: 'churn-copy', version: 1, percent: 100, sticky_key: 'customer_id' };
    expect((await core.call('POST', `/api/deployments/${name}/rollout`, toCopy)).status).toBe(200);
    const record = withCustomer(rows[7]);
    for (const [protocol, url, body] of [
      ['predict', `${inference}/deployments/${name}/predict`, record],
      ['v2', `${inference}/v2/models/${name}/infer`, v2Tensors([features(rows[7])], { parameters: { routing_key: rows[7].customer_id } })],
    ] as const) {
      const pending = slowPost(url, JSON.stringify(body));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const changed = await core.call('POST', `/api/deployments/${name}/rollout`, { ...toCopy, model: modelName, version: versions.gbdt });
      expect(changed.status, changed.text).toBe(200);
      pending.finish();
      const answer = await pending.response;
      expect.soft(answer.status, `${protocol}: ${answer.text}`).toBe(200);
      expect((await core.call('POST', `/api/deployments/${name}/rollout`, toCopy)).status).toBe(200);
    }
  });
});

describe('mlwb deploy | rollout | deployments | predict | promote | rollback', () => {
  const name = 'churn-cli';
  const cli = (...args: string[]) => runCli([...args, '--workspace', core.workspace]);

  it('drives a rollout from the command line against the running server', async () => {
    const deployed = await cli('deploy', name, '--model', modelName, '--version', String(versions.lr), '--json');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout).deployment).toMatchObject({ name, arms: [expect.objectContaining({ variant: 'stable', version: versions.lr, ready: true })] });

    const tooMuch = await cli('rollout', name, '--candidate', `${modelName}:${versions.gbdt}`, '--percent', '150');
    expect(tooMuch.code).toBe(2);
    expect(tooMuch.stderr).toContain('--percent');
    const badRef = await cli('rollout', name, '--candidate', 'churn', '--percent', '10');
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('--candidate');
    const unknownVersion = await cli('rollout', name, '--candidate', `${modelName}:99`, '--percent', '10');
    expect(unknownVersion.code).toBe(2);
    const missing = await cli('deploy', 'churn-cli-2', '--model', modelName);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--version');

    const rolled = await cli('rollout', name, '--candidate', `${modelName}:${versions.gbdt}`, '--percent', '20', '--sticky', 'customer_id', '--exclude', 'customer_segment=high_value_customers');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(rolled.stdout).toContain('candidate');
    expect(rolled.stdout).toContain('20.00 %');
    expect(rolled.stdout).toContain('customer_segment=high_value_customers');

    const shown = await cli('deployments', 'show', name, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).deployment).toMatchObject({ sticky_key: 'customer_id', excluded: [{ column: 'customer_segment', value: 'high_value_customers' }] });
    const listed = await cli('deployments', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(name);
    expect(listed.stdout).toContain(inference);

    const file = path.join(core.workspace, 'records.json');
    await writeFile(file, JSON.stringify(features(rows[9])));
    const predicted = await cli('predict', name, '--data', file, '--json');
    expect(predicted.code, predicted.stderr).toBe(0);
    const [want] = (await reference(versions.lr, [features(rows[9])])).probability;
    expect(JSON.parse(predicted.stdout)).toMatchObject({ arm: 'stable', model_version: versions.lr });
    expect(JSON.parse(predicted.stdout).probability).toBeCloseTo(want, 6);
    await writeFile(file, JSON.stringify(rows.slice(0, 3).map(withCustomer)));
    const batch = await cli('predict', name, '--data', file, '--json');
    expect(batch.code, batch.stderr).toBe(0);
    expect(JSON.parse(batch.stdout).predictions).toHaveLength(3);
    await writeFile(file, JSON.stringify({ ...features(rows[9]), shoe_size: 1 }));
    const invalid = await cli('predict', name, '--data', file);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('shoe_size');

    const promoted = await cli('promote', name, '--json');
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(JSON.parse(promoted.stdout).deployment).toMatchObject({ arms: [expect.objectContaining({ variant: 'stable', version: versions.gbdt })], previous: { model: modelName, version: versions.lr } });
    const nothingToRollBack = await cli('rollback', name);
    expect(nothingToRollBack.code).toBe(1);
    expect(nothingToRollBack.stderr).toContain('no candidate');
    expect((await cli('rollout', name, '--candidate', `${modelName}:${versions.lr}`, '--percent', '5')).code).toBe(0);
    const rolledBack = await cli('rollback', name, '--json');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(JSON.parse(rolledBack.stdout).deployment.arms.map((arm: { percent: number }) => arm.percent)).toEqual([100, 0]);
    const unknown = await cli('deployments', 'show', 'nope');
    expect(unknown.code).toBe(2);
  }, 60_000);
});

describe('restart', () => {
  it('brings deployments back after a restart with the same arms and the same sticky assignment', async () => {
    const name = 'churn-release'; // a 50 % sticky split on versions 4 and 5
    const customers = rows.slice(0, 200).map(withCustomer);
    const before = await batchPredict(name, customers);
    expect(before.status).toBe(200);
    expect(new Set(before.body.predictions.map((result: { arm: string }) => result.arm))).toEqual(new Set(['stable', 'candidate']));
    const summary = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    const previous = core;
    expect(await previous.stop()).not.toBeNull();
    core = await startCoreProcess({ workspace: previous.workspace });
    inference = JSON.parse(await readFile(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
    for (let attempt = 0; attempt < 100 && (await infer('/readyz')).status !== 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await infer('/readyz')).status).toBe(200);
    const after = (await core.call('GET', `/api/deployments/${name}`)).body.deployment;
    expect(after.arms.map((arm: { variant: string; version: number; percent: number; ready: boolean }) => [arm.variant, arm.version, arm.percent, arm.ready])).toEqual(
      summary.arms.map((arm: { variant: string; version: number; percent: number }) => [arm.variant, arm.version, arm.percent, true]),
    );
    expect(after.rollout_id).toBe(summary.rollout_id);
    const again = await batchPredict(name, customers);
    expect(again.status, again.text).toBe(200);
    expect(again.body.predictions.map((result: { arm: string; probability: number }) => [result.arm, result.probability])).toEqual(
      before.body.predictions.map((result: { arm: string; probability: number }) => [result.arm, result.probability]),
    );
  }, 30_000);
});

describe('traffic', () => {
  const name = 'churn-traffic';

  it('counts requests per arm per second for the live charts', async () => {
    await deploy(name, versions.lr);
    await core.call('POST', `/api/deployments/${name}/rollout`, { model: modelName, version: versions.gbdt, percent: 50, sticky_key: 'customer_id' });
    const customers = rows.slice(0, 40);
    const answers = await Promise.all(customers.map((customer) => predict(name, withCustomer(customer))));
    const byArm = new Map<string, number>();
    for (const answer of answers) byArm.set(answer.body.arm, (byArm.get(answer.body.arm) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // only complete seconds count
    const traffic = await core.call('GET', `/api/deployments/${name}/traffic?seconds=10`);
    expect(traffic.status, traffic.text).toBe(200);
    expect(traffic.body.name).toBe(name);
    const counted = new Map<string, number>();
    for (const arm of traffic.body.arms) {
      expect(arm.seconds).toHaveLength(10);
      counted.set(arm.variant, arm.seconds.reduce((sum: number, second: { requests: number }) => sum + second.requests, 0));
      expect(arm.seconds.every((second: { errors: number }) => second.errors === 0)).toBe(true);
      const busy = arm.seconds.find((second: { requests: number }) => second.requests > 0);
      expect(busy.p50_ms).toBeGreaterThan(0);
      expect(busy.p99_ms).toBeGreaterThanOrEqual(busy.p50_ms);
      expect(arm.version).toBe(arm.variant === 'candidate' ? versions.gbdt : versions.lr);
    }
    expect(counted).toEqual(byArm);
    expect(byArm.size).toBe(2);
    expect((await core.call('GET', `/api/deployments/${name}/traffic?seconds=0`)).status).toBe(400);
    expect((await core.call('GET', `/api/deployments/${name}/traffic?seconds=301`)).status).toBe(400);
    expect((await core.call('GET', '/api/deployments/nope/traffic')).status).toBe(404);
  });

  it('forgets a deleted deployment: 404 on every protocol, gone from /v1/models and /metrics', async () => {
    const removed = await core.call('DELETE', `/api/deployments/${name}`);
    expect(removed.status, removed.text).toBe(200);
    expect((await predict(name, features(rows[0]))).status).toBe(404);
    expect((await infer(`/v2/models/${name}/ready`)).status).toBe(404);
    expect((await infer('/v1/models')).body.models).not.toContain(name);
    expect((await infer('/metrics')).text.includes(`deployment="${name}"`), 'deleted deployment still in /metrics').toBe(false);
    const audit = await core.call('GET', `/api/audit?entity_type=deployment&entity_id=${name}`);
    expect(audit.body.entries[0].action).toBe('deployment.delete');
  });
});
