// One scored request, whatever the protocol: route it, build the feeds with the chosen version's
// signature, run the shared session, count it, log it (off the request path), and score the
// shadow arm after the caller has its answer.
import type * as ort from 'onnxruntime-node';
import { WorkbenchError } from '../api/errors.js';
import type { LiveDeployment } from './deployment-service.js';
import { runBatched } from './micro-batcher.js';
import type { LoadedModel } from './model-pool.js';
import type { PredictionLog } from './prediction-log.js';
import { timeOrderedId } from './request-ids.js';
import { signatureOf, type ModelSignature } from './protocols/model-signature.js';
import type { Feeds } from './protocols/records.js';
import type { ServingMetrics } from './serving-metrics.js';
import type { RouteDecision } from './types.js';

const signatures = new WeakMap<LoadedModel, ModelSignature>();

/** Parsed once per loaded version: the request path never re-reads the model's description. */
export function signatureFor(model: LoadedModel): ModelSignature {
  let signature = signatures.get(model);
  if (!signature) {
    signature = signatureOf(model.scan);
    signatures.set(model, signature);
  }
  return signature;
}

/** The model is not ready (loading, or it failed): 503 with Retry-After in every protocol. */
export class ModelUnavailable extends WorkbenchError {
  constructor(message: string) {
    super('INTERNAL_ERROR', message);
  }
}

export interface ScoringContext {
  log: PredictionLog;
  metrics: ServingMetrics;
}

export interface ScoreInput {
  live: LiveDeployment;
  decision: RouteDecision;
  protocol: string;
  requestId: string;
  entityKey: string | null;
  /** Builds the feeds for a signature (the shadow's may differ from the serving version's). */
  feeds: (signature: ModelSignature) => Feeds;
  fetches?: (signature: ModelSignature) => string[] | undefined;
  /** What the log keeps as the request's inputs. */
  loggedInputs: unknown;
}

export interface Scored {
  model: LoadedModel;
  signature: ModelSignature;
  outputs: ort.InferenceSession.ReturnType;
  rows: number;
}

export function newRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : timeOrderedId();
}

function modelFor(live: LiveDeployment, decision: RouteDecision): LoadedModel {
  const model = live.models.get(decision.variant);
  if (!model) throw new ModelUnavailable(`${decision.target.model} version ${decision.target.version} (${decision.variant}) of deployment '${live.name}' is not loaded yet.`);
  return model;
}

export async function runModel(model: LoadedModel, feeds: Feeds, fetches?: string[]): Promise<ort.InferenceSession.ReturnType> {
  model.inFlight++;
  try {
    // Models whose inputs all have the batch as first dimension share runs with concurrent
    // requests (every output is computed; the protocol picks the ones asked for).
    if (signatureFor(model).mode !== 'tensor') return await runBatched(model, feeds.feeds, feeds.rows);
    return fetches ? await model.session.run(feeds.feeds, fetches) : await model.session.run(feeds.feeds);
  } finally {
    model.inFlight--;
  }
}

/** Runs the routed version on the request; the caller shapes the response, then calls record(). */
export async function score(context: ScoringContext, input: ScoreInput): Promise<Scored> {
  const model = modelFor(input.live, input.decision);
  const signature = signatureFor(model);
  const feeds = input.feeds(signature);
  context.metrics.inProgress(input.live.name, 1);
  try {
    const outputs = await runModel(model, feeds, input.fetches?.(signature));
    return { model, signature, outputs, rows: feeds.rows };
  } finally {
    context.metrics.inProgress(input.live.name, -1);
  }
}

export function record(context: ScoringContext, input: ScoreInput, scored: { model: LoadedModel; variant: string; reason: string; bucket: number | null }, outputs: unknown, started: number, code: number): void {
  const seconds = (performance.now() - started) / 1000;
  const { live } = input;
  context.metrics.observe({ deployment: live.name, model: scored.model.model, version: scored.model.version, variant: scored.variant }, code, seconds);
  context.log.record({
    requestId: input.requestId,
    time: Date.now(),
    deployment: live.name,
    model: scored.model.model,
    version: scored.model.version,
    variant: scored.variant,
    reason: scored.reason,
    bucket: scored.bucket,
    salt: scored.bucket === null ? null : live.config.salt,
    split: scored.bucket === null ? null : splitOf(live),
    entityKey: input.entityKey,
    protocol: input.protocol,
    inputs: input.loggedInputs,
    outputs,
    latencyMs: seconds * 1000,
  });
}

/**
 * A batch of records (the product API): one metrics observation for the batch, one log row per
 * record under the id the caller got back for it, so feedback by that id finds its prediction.
 */
export function recordRows(
  context: ScoringContext,
  input: ScoreInput,
  scored: { model: LoadedModel; variant: string; reason: string; bucket: number | null },
  rows: ReadonlyArray<{ id: string; bucket?: number | null; entityKey: string | null; inputs: unknown; outputs: unknown }>,
  started: number,
): void {
  const seconds = (performance.now() - started) / 1000;
  const { live } = input;
  context.metrics.observe({ deployment: live.name, model: scored.model.model, version: scored.model.version, variant: scored.variant }, 200, seconds, rows.length);
  const time = Date.now();
  for (const row of rows) {
    const bucket = row.bucket === undefined ? scored.bucket : row.bucket;
    context.log.record({
      requestId: row.id,
      time,
      deployment: live.name,
      model: scored.model.model,
      version: scored.model.version,
      variant: scored.variant,
      reason: scored.reason,
      bucket,
      salt: bucket === null ? null : live.config.salt,
      split: bucket === null ? null : splitOf(live),
      entityKey: row.entityKey,
      protocol: input.protocol,
      inputs: row.inputs,
      outputs: row.outputs,
      latencyMs: seconds * 1000,
    });
  }
}

const splits = new WeakMap<LiveDeployment, string>();

/** The bucket ranges of the rollout, e.g. "candidate:0-1000", kept with every split decision. */
function splitOf(live: LiveDeployment): string {
  let text = splits.get(live);
  if (text === undefined) {
    let start = 0;
    text = live.config.candidates
      .map((arm, index) => {
        const range = `${index === 0 ? 'candidate' : `arm-${index + 1}`}:${start}-${start + arm.bps}`;
        start += arm.bps;
        return range;
      })
      .join(',');
    splits.set(live, text);
  }
  return text;
}

/** After the caller has its answer: the shadow scores the same request; its result is only logged. */
export function scoreShadow(context: ScoringContext, input: ScoreInput, toLogged: (scored: Scored) => unknown, rowIds?: readonly string[]): void {
  const shadow = input.live.models.get('shadow');
  if (!shadow) return;
  setImmediate(() => {
    const started = performance.now();
    const signature = signatureFor(shadow);
    let feeds: Feeds;
    try {
      feeds = input.feeds(signature);
    } catch {
      context.metrics.observe({ deployment: input.live.name, model: shadow.model, version: shadow.version, variant: 'shadow' }, 400, 0);
      return;
    }
    const arm = { model: shadow, variant: 'shadow', reason: 'shadow', bucket: null };
    runModel(shadow, feeds)
      .then((outputs) => {
        const logged = toLogged({ model: shadow, signature, outputs, rows: feeds.rows });
        if (!rowIds || !Array.isArray(logged)) return record(context, input, arm, logged, started, 200);
        // Row by row under the ids the caller got, so served and shadow rows join on request id.
        const inputs = Array.isArray(input.loggedInputs) ? input.loggedInputs : [];
        recordRows(context, input, arm, rowIds.map((id, row) => ({ id, entityKey: input.entityKey, inputs: inputs[row], outputs: logged[row] })), started);
      })
      .catch(() => context.metrics.observe({ deployment: input.live.name, model: shadow.model, version: shadow.version, variant: 'shadow' }, 500, (performance.now() - started) / 1000));
  });
}
