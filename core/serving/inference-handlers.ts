// The inference listener's endpoints (reference/inference-protocols.md): the product's own
// /deployments/{name}/predict|batch_predict|feedback, MLflow's /invocations, /ping, /health,
// /version, Open Inference Protocol v2 (v2-handlers.ts), V1, health, readiness and /metrics.
import type { ServerResponse } from 'node:http';
import { feedbackRequest } from '../api/serving-contract.js';
import { NotFoundError, statusFor, ValidationError, WorkbenchError } from '../api/errors.js';
import type { DeploymentService, LiveDeployment } from './deployment-service.js';
import { enrichRecords, type OnlineFeatureReader } from './feature-enrichment.js';
import { BodyTooLarge, type InferenceDispatch, type InferenceRequest } from './inference-server.js';
import type { PredictionLog } from './prediction-log.js';
import { checkContentType, mlflowError, parseInvocation, scoringFeeds, scoringResponse, type ScoringInput } from './protocols/mlflow-scoring.js';
import { rowResults } from './protocols/outputs.js';
import { parseBatchBody, parsePredictBody, passThroughFields, productResponse, productResults, type PredictBody } from './protocols/product.js';
import { recordsToFeeds } from './protocols/records.js';
import { parseV1Body, v1Feeds, v1Response } from './protocols/v1.js';
import { ModelUnavailable, newRequestId, record, recordRows, score, scoreShadow, type ScoringContext, type ScoreInput } from './scoring.js';
import type { ServingMetrics } from './serving-metrics.js';
import type { RouteDecision } from './types.js';
import { v2Handlers } from './v2-handlers.js';

export type ErrorStyle = 'api' | 'mlflow' | 'v2';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Each protocol's own error body; 413 for oversized bodies, 503 + Retry-After while a model loads. */
export function sendError(response: ServerResponse, style: ErrorStyle, error: unknown): void {
  if (response.headersSent) return void response.end();
  if (error instanceof BodyTooLarge) {
    const body = style === 'mlflow' ? { error_code: 'REQUEST_TOO_LARGE', message: error.message } : style === 'v2' ? { error: error.message } : { error: { code: 'REQUEST_TOO_LARGE', message: error.message } };
    return sendJson(response, 413, body);
  }
  if (error instanceof ModelUnavailable) {
    const body = style === 'mlflow' ? { error_code: 'TEMPORARILY_UNAVAILABLE', message: error.message } : style === 'v2' ? { error: error.message } : { error: { code: 'UNAVAILABLE', message: error.message } };
    return sendJson(response, 503, body, { 'Retry-After': '1' });
  }
  if (style === 'mlflow') {
    const { status, body } = mlflowError(error);
    return sendJson(response, status, body);
  }
  if (error instanceof WorkbenchError) {
    const status = statusFor(error.code, 'api');
    return sendJson(response, status, style === 'v2' ? { error: error.message } : { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
  }
  sendJson(response, 500, style === 'v2' ? { error: 'Internal error' } : { error: { code: 'INTERNAL_ERROR', message: 'Internal error' } });
}

/** JSON bodies only (415 otherwise); malformed JSON is a 400 naming the parser's complaint. */
export async function jsonBody(request: InferenceRequest): Promise<unknown> {
  const type = request.request.headers['content-type'];
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) throw new WorkbenchError('BAD_REQUEST', `Content-Type must be application/json (got '${type}').`);
  const bytes = await request.body();
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ValidationError(`Malformed JSON body: ${(error as Error).message}`, { field: 'body' });
  }
}

export function headerValue(request: InferenceRequest, name: string): string | null {
  const value = request.request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export interface HandlerContext extends ScoringContext {
  deployments: DeploymentService;
  log: PredictionLog;
  metrics: ServingMetrics;
  version: string;
  /** The online store, for deployments configured with `features`. */
  features?: OnlineFeatureReader;
}

/** A deployment's records with their online features merged in, and the field names that may ride along. */
function withFeatures(context: HandlerContext, live: LiveDeployment, records: unknown[]): { records: unknown[]; allowExtra: Set<string> } {
  const configured = live.config.features;
  if (!configured) return { records, allowExtra: passThroughFields(live.config.stickyKey) };
  const enriched = enrichRecords(context.features, configured, records);
  return { records: enriched.records, allowExtra: passThroughFields(live.config.stickyKey, [configured.entityKey, ...enriched.featureNames]) };
}

export function deploymentNamed(context: HandlerContext, name: string): LiveDeployment {
  const live = context.deployments.liveDeployment(name);
  if (!live) throw new NotFoundError(`Deployment '${name}' does not exist (or its models failed to load).`);
  return live;
}

function entityKeyOf(live: LiveDeployment, fields: (name: string) => unknown): string | null {
  if (!live.config.stickyKey) return null;
  const value = fields(live.config.stickyKey);
  return value === undefined || value === null || value === '' ? null : String(value);
}

function fieldsOf(value: unknown): (name: string) => unknown {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return (name) => record[name];
}

/** The first row of an MLflow body as a field lookup: exclusions and the sticky key are read from it. */
function firstRow(input: ScoringInput): (name: string) => unknown {
  if (input.kind === 'records') return fieldsOf(input.records[0]);
  if (input.kind === 'columns') return (name) => (Array.isArray(input.columns[name]) ? (input.columns[name] as unknown[])[0] : undefined);
  const row = input.rows[0];
  if (!input.columnNames || !Array.isArray(row)) return () => undefined;
  const names = input.columnNames;
  return (name) => {
    const index = names.indexOf(name);
    return index < 0 ? undefined : (row as unknown[])[index];
  };
}

/** Scores the records one arm got; returns one result per record, its id the caller's `id` or `<request>-<row>`. */
async function scoreRecords(context: HandlerContext, live: LiveDeployment, decision: RouteDecision, body: PredictBody, allowExtra: Set<string>, rows: number[], buckets: Array<number | null>, requestId: string, started: number) {
  const records = rows.length === body.records.length ? body.records : rows.map((row) => body.records[row]);
  const input: ScoreInput = {
    live,
    decision,
    protocol: body.single ? 'predict' : 'batch_predict',
    requestId,
    entityKey: null,
    feeds: (signature) => recordsToFeeds(signature, records, { allowExtra }),
    loggedInputs: records,
  };
  const scored = await score(context, input);
  const results = productResults(rowResults(scored.signature, scored.outputs, scored.rows), { records, single: body.single }, { requestId, modelVersion: scored.model.version, arm: decision.variant });
  if (!body.single) results.forEach((result, index) => ((records[index] as Record<string, unknown>).id === undefined ? (result.id = `${requestId}-${rows[index]}`) : undefined));
  recordRows(
    context,
    input,
    { model: scored.model, variant: decision.variant, reason: decision.reason, bucket: decision.bucket },
    results.map((result, index) => ({ id: result.id, bucket: buckets[index], entityKey: entityKeyOf(live, fieldsOf(records[index])), inputs: records[index], outputs: result })),
    started,
  );
  scoreShadow(context, input, (shadow) => rowResults(shadow.signature, shadow.outputs, shadow.rows), results.map((result) => result.id));
  return results;
}

/** predict / batch_predict: every record is routed on its own sticky key, so one batch may span arms. */
async function product(context: HandlerContext, request: InferenceRequest, name: string, batch: boolean): Promise<void> {
  const started = performance.now();
  deploymentNamed(context, name); // an unknown deployment answers 404 before the body is read
  const parsed = await jsonBody(request);
  const sent = batch ? parseBatchBody(parsed) : parsePredictBody(parsed);
  // Taken after the body has arrived: from here to every session.run nothing awaits, so a change
  // cannot release a model this request is about to use.
  const live = deploymentNamed(context, name);
  const { records, allowExtra } = withFeatures(context, live, sent.records);
  const body: PredictBody = { ...sent, records };
  const requestId = newRequestId(request.request.headers['x-request-id']);
  const explicitVariant = headerValue(request, 'x-model-variant');
  // One group per arm and reason (one session run each); each row keeps its own bucket for the log.
  const groups = new Map<string, { decision: RouteDecision; rows: number[]; buckets: Array<number | null> }>();
  body.records.forEach((recordValue, row) => {
    const decision = live.route({ fields: fieldsOf(recordValue), explicitVariant });
    const key = `${decision.variant}\u0000${decision.reason}`;
    const group = groups.get(key) ?? { decision, rows: [], buckets: [] };
    group.rows.push(row);
    group.buckets.push(decision.bucket);
    groups.set(key, group);
  });
  const results = new Array(body.records.length);
  // All groups start at once: each takes its session (in-flight count) before anything awaits.
  const scoredGroups = await Promise.all([...groups.values()].map(({ decision, rows, buckets }) => scoreRecords(context, live, decision, body, allowExtra, rows, buckets, requestId, started)));
  [...groups.values()].forEach(({ rows }, group) => rows.forEach((row, index) => (results[row] = scoredGroups[group][index])));
  const response = productResponse(results, body);
  const first = [...groups.values()][0]?.decision;
  sendJson(request.response, 200, response, { 'x-request-id': requestId, ...(first ? { 'x-model-variant': first.variant, 'x-model-version': String(first.target.version) } : {}) });
}

async function feedback(context: HandlerContext, request: InferenceRequest, name: string): Promise<void> {
  const live = deploymentNamed(context, name);
  const parsed = feedbackRequest.safeParse(await jsonBody(request));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`Invalid feedback: ${issue.path.join('.') || 'body'}: ${issue.message}`, { field: issue.path.join('.') || 'body' });
  }
  const stored = context.log.addFeedback({ deployment: live.name, requestId: parsed.data.request_id, entityKey: parsed.data.entity_key, label: parsed.data.label, user: 'feedback' });
  sendJson(request.response, 200, { id: stored.id, time: stored.time });
}

/** MLflow's scoring server: the deployment comes from `x-deployment` (or `?deployment=`), else the oldest one. */
async function invocations(context: HandlerContext, request: InferenceRequest): Promise<void> {
  const started = performance.now();
  const check = checkContentType(request.request.headers['content-type']);
  if ('status' in check) {
    request.request.resume();
    request.response.writeHead(415, { 'Content-Type': 'text/plain' }).end(check.message);
    return;
  }
  const named = headerValue(request, 'x-deployment') ?? request.query().get('deployment');
  const resolve = () => {
    const found = named ? deploymentNamed(context, named) : context.deployments.defaultDeployment();
    if (!found) throw new NotFoundError('No deployment to score with: create one (mlwb deploy NAME --model M --version V) or name it in the x-deployment header.');
    return found;
  };
  resolve();
  const parsedInput = parseInvocation(check.format, (await request.body()).toString('utf8'));
  const live = resolve();
  if (live.config.features && parsedInput.kind !== 'records') throw new ValidationError(`Deployment '${live.name}' reads its features from the online store: send dataframe_records with the entity key '${live.config.features.entityKey}'.`, { field: 'dataframe_records' });
  const enriched = parsedInput.kind === 'records' ? withFeatures(context, live, parsedInput.records) : { records: [], allowExtra: passThroughFields(live.config.stickyKey) };
  const input: ScoringInput = parsedInput.kind === 'records' ? { ...parsedInput, records: enriched.records } : parsedInput;
  const first = firstRow(input);
  const routingKey = headerValue(request, 'x-routing-key') ?? entityKeyOf(live, first);
  const decision = live.route({ fields: (field) => (field === live.config.stickyKey ? routingKey : first(field)), explicitVariant: headerValue(request, 'x-model-variant') });
  const requestId = newRequestId(request.request.headers['x-request-id']);
  const { allowExtra } = enriched;
  const scoreInput: ScoreInput = { live, decision, protocol: 'invocations', requestId, entityKey: routingKey, feeds: (signature) => scoringFeeds(signature, input, { allowExtra }), loggedInputs: input };
  const scored = await score(context, scoreInput);
  const body = scoringResponse(scored.signature, scored.outputs, scored.rows);
  sendJson(request.response, 200, body, { 'x-request-id': requestId, 'x-model-variant': decision.variant, 'x-model-version': String(scored.model.version) });
  record(context, scoreInput, { model: scored.model, variant: decision.variant, reason: decision.reason, bucket: decision.bucket }, body.predictions, started, 200);
  scoreShadow(context, scoreInput, (shadow) => scoringResponse(shadow.signature, shadow.outputs, shadow.rows).predictions);
}

/** KServe V1: `/v1/models/{name}:predict` with `{"instances": […]}`. */
async function v1Predict(context: HandlerContext, request: InferenceRequest, name: string): Promise<void> {
  const started = performance.now();
  deploymentNamed(context, name);
  const parsed = parseV1Body(await jsonBody(request));
  const live = deploymentNamed(context, name);
  const first = parsed.byName ? fieldsOf(parsed.instances[0]) : () => undefined;
  const routingKey = headerValue(request, 'x-routing-key') ?? entityKeyOf(live, first);
  const decision = live.route({ fields: (field) => (field === live.config.stickyKey ? routingKey : first(field)), explicitVariant: headerValue(request, 'x-model-variant') });
  const requestId = newRequestId(request.request.headers['x-request-id']);
  const allowExtra = passThroughFields(live.config.stickyKey);
  const input: ScoreInput = { live, decision, protocol: 'v1', requestId, entityKey: routingKey, feeds: (signature) => v1Feeds(signature, parsed, { allowExtra }), loggedInputs: parsed.instances };
  const scored = await score(context, input);
  const body = v1Response(rowResults(scored.signature, scored.outputs, scored.rows));
  sendJson(request.response, 200, body, { 'x-model-variant': decision.variant, 'x-model-version': String(scored.model.version) });
  record(context, input, { model: scored.model, variant: decision.variant, reason: decision.reason, bucket: decision.bucket }, body.predictions, started, 200);
  scoreShadow(context, input, (shadow) => v1Response(rowResults(shadow.signature, shadow.outputs, shadow.rows)).predictions);
}

function isReady(context: HandlerContext): boolean {
  return context.deployments.list().every((deployment) => deployment.arms.every((arm) => arm.ready));
}

export function createInferenceDispatch(options: { deployments: DeploymentService; log: PredictionLog; metrics: ServingMetrics; version: string; features?: OnlineFeatureReader; errorLog?: (line: string) => void }): InferenceDispatch {
  const context: HandlerContext = { deployments: options.deployments, log: options.log, metrics: options.metrics, version: options.version, features: options.features };
  const v2 = v2Handlers(context);
  const mlflowVersion = process.env.MLWB_MLFLOW_VERSION ?? '2.14.2';
  return async (request) => {
    const started = performance.now();
    const { segments, method, response } = request;
    const [first, second, third] = segments;
    let style: ErrorStyle = 'api';
    try {
      if (first === 'deployments' && segments.length === 3 && method === 'POST') {
        if (third === 'predict') return await product(context, request, second, false);
        if (third === 'batch_predict') return await product(context, request, second, true);
        if (third === 'feedback') return await feedback(context, request, second);
      }
      if (first === 'v2') {
        style = 'v2';
        return await v2(request);
      }
      if (first === 'invocations' && segments.length === 1 && method === 'POST') {
        style = 'mlflow';
        return await invocations(context, request);
      }
      if ((first === 'ping' || first === 'health') && segments.length === 1 && method === 'GET') {
        const ready = context.deployments.defaultDeployment() !== undefined;
        response.writeHead(ready ? 200 : 404, { 'Content-Type': 'application/json' }).end('\n');
        return;
      }
      if (first === 'version' && segments.length === 1 && method === 'GET') return void response.writeHead(200, { 'Content-Type': 'text/plain' }).end(mlflowVersion);
      if (first === 'healthz' && method === 'GET') return sendJson(response, 200, { status: 'ok' });
      if (first === 'readyz' && method === 'GET') return isReady(context) ? sendJson(response, 200, { status: 'ready' }) : sendJson(response, 503, { status: 'loading' }, { 'Retry-After': '1' });
      if (first === 'metrics' && method === 'GET') return void response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(context.metrics.render());
      if (first === 'v1' && second === 'models') {
        style = 'v2';
        if (segments.length === 2 && method === 'GET') return sendJson(response, 200, { models: context.deployments.liveDeployments().map((live) => live.name) });
        if (segments.length === 3 && method === 'POST' && third.endsWith(':predict')) return await v1Predict(context, request, third.slice(0, -':predict'.length));
        if (segments.length === 3 && method === 'GET') return sendJson(response, 200, { name: third, ready: deploymentNamed(context, third).models.has('stable') });
      }
      request.request.resume();
      sendJson(response, 404, { error: { code: 'ENDPOINT_NOT_FOUND', message: `No inference endpoint at ${method} ${request.path}` } });
    } catch (error) {
      request.request.resume();
      if (!(error instanceof WorkbenchError) && !(error instanceof BodyTooLarge)) {
        options.errorLog?.(`${new Date().toISOString()} inference internal error on ${method} ${request.path}: ${(error as Error)?.stack ?? String(error)}`);
      }
      sendError(response, style, error);
      // Rejected requests count as their own series, so bad traffic never dilutes an arm's error rate.
      const deployment = first === 'deployments' ? second : first === 'v2' && second === 'models' ? third : undefined;
      if (deployment && context.deployments.liveDeployment(deployment)) {
        context.metrics.observe({ deployment, model: deployment, version: 0, variant: 'rejected' }, response.statusCode, (performance.now() - started) / 1000);
      }
    }
  };
}
