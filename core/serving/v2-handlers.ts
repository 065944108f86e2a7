// Open Inference Protocol v2 (reference §1) on the inference listener. Without a version in the
// path the rollout router picks the arm (routing key from `parameters.routing_key` or the
// `x-routing-key` header); `/versions/{v}` pins a deployed version and bypasses the split.
import { NotFoundError } from '../api/errors.js';
import { deploymentNamed, headerValue, jsonBody, sendJson, type HandlerContext } from './inference-handlers.js';
import type { InferenceRequest } from './inference-server.js';
import type { LiveDeployment } from './deployment-service.js';
import { errorBody, inferFeeds, inferResponse, modelMetadata, parseInferRequest, requestedOutputs, type InferInput } from './protocols/oip-v2.js';
import { outputTensors, type TensorListing } from './protocols/outputs.js';
import { newRequestId, record, score, scoreShadow, signatureFor, type ScoreInput } from './scoring.js';
import type { RouteDecision, Variant } from './types.js';

function flat(data: unknown[]): unknown[] {
  return data.some(Array.isArray) ? (data as unknown[]).flat(Infinity) : data;
}

/**
 * What the prediction log keeps of a V2 request: per-column [N,1] (or [N]) tensors become the N
 * records they describe (the shape monitoring reads, and a third of the bytes); other tensors are
 * kept as sent.
 */
function loggedRecords(inputs: InferInput[]): unknown {
  const rows = inputs[0]?.shape[0];
  const columnar = inputs.every((input) => input.shape[0] === rows && input.shape.slice(1).every((size) => size === 1));
  if (!columnar || rows === undefined) return inputs;
  const values = inputs.map((input) => flat(input.data));
  if (rows === 1) return Object.fromEntries(inputs.map((input, index) => [input.name, values[index][0]]));
  return Array.from({ length: rows }, (_, row) => Object.fromEntries(inputs.map((input, index) => [input.name, values[index][row]])));
}

/** Output tensors as name → values (one value when there is one), without the descriptors. */
function loggedOutputs(listing: TensorListing[]): Record<string, unknown> {
  return Object.fromEntries(listing.map((tensor) => [tensor.name, tensor.data.length === 1 ? tensor.data[0] : tensor.data]));
}

/** The serving arms (not the shadow) of a deployment, by version number. */
function pinned(live: LiveDeployment, versionText: string): RouteDecision {
  for (const [variant, model] of live.models) {
    if (variant !== 'shadow' && String(model.version) === versionText) return { variant, target: { model: model.model, version: model.version }, reason: 'explicit', bucket: null };
  }
  throw new NotFoundError(`Version ${versionText} is not deployed in '${live.name}' (deployed: ${[...live.models].filter(([variant]) => variant !== 'shadow').map(([, model]) => model.version).join(', ')}).`);
}

function servedVersions(live: LiveDeployment): number[] {
  return [...new Set([...live.models].filter(([variant]) => variant !== 'shadow').map(([, model]) => model.version))];
}

async function infer(context: HandlerContext, request: InferenceRequest, name: string, versionText: string | null): Promise<void> {
  const started = performance.now();
  const parsed = parseInferRequest(await jsonBody(request));
  // Resolved after the body has arrived, so the models it names are the ones the run uses.
  const live = deploymentNamed(context, name);
  // Exclusion rules read a column's first value from the input tensor named after it.
  const first = (field: string): unknown => {
    const tensor = parsed.inputs.find((input) => input.name === field);
    let value: unknown = tensor?.data;
    while (Array.isArray(value)) value = value[0];
    return value;
  };
  const routingKeyParameter = parsed.parameters.routing_key;
  const routingKey = headerValue(request, 'x-routing-key') ?? (typeof routingKeyParameter === 'string' || typeof routingKeyParameter === 'number' ? String(routingKeyParameter) : null);
  const decision = versionText !== null ? pinned(live, versionText) : live.route({ fields: (field) => (field === live.config.stickyKey ? routingKey : first(field)), explicitVariant: headerValue(request, 'x-model-variant') });
  const requestId = parsed.id ?? newRequestId(request.request.headers['x-request-id']);
  const input: ScoreInput = {
    live,
    decision,
    protocol: 'v2',
    requestId,
    entityKey: routingKey,
    feeds: (signature) => inferFeeds(signature, parsed),
    fetches: (signature) => requestedOutputs(signature, parsed),
    loggedInputs: loggedRecords(parsed.inputs),
  };
  const scored = await score(context, input);
  const listing = outputTensors(scored.outputs, requestedOutputs(scored.signature, parsed));
  const body = inferResponse({
    modelName: live.name,
    modelVersion: scored.model.version,
    id: parsed.id,
    route: { variant: decision.variant, rollout_id: live.config.rolloutId, bucket: decision.bucket },
    outputs: listing,
  });
  sendJson(request.response, 200, body, { 'x-request-id': requestId, 'x-model-variant': decision.variant, 'x-model-version': String(scored.model.version) });
  record(context, input, { model: scored.model, variant: decision.variant, reason: decision.reason, bucket: decision.bucket }, loggedOutputs(listing), started, 200);
  scoreShadow(context, input, (shadow) => loggedOutputs(outputTensors(shadow.outputs, shadow.signature.outputs.map((output) => output.name))));
}

export function v2Handlers(context: HandlerContext): (request: InferenceRequest) => Promise<void> {
  return async (request) => {
    const { segments, method, response } = request;
    // v2 | v2/health/{live,ready} | v2/models/{name}[/versions/{v}][/ready|/infer]
    if (segments.length === 1 && method === 'GET') return sendJson(response, 200, { name: 'ml-workbench', version: context.version, extensions: [] });
    if (segments[1] === 'health' && segments.length === 3 && method === 'GET') {
      if (segments[2] === 'live') return sendJson(response, 200, { live: true });
      if (segments[2] === 'ready') {
        const ready = context.deployments.list().every((deployment) => deployment.arms.every((arm) => arm.ready));
        return sendJson(response, ready ? 200 : 400, { ready });
      }
    }
    if (segments[1] === 'models' && segments.length >= 3) {
      const live = deploymentNamed(context, segments[2]);
      let rest = segments.slice(3);
      let versionText: string | null = null;
      if (rest[0] === 'versions' && rest.length >= 2) {
        versionText = rest[1];
        rest = rest.slice(2);
      }
      if (rest.length === 0 && method === 'GET') {
        const decision = versionText !== null ? pinned(live, versionText) : { variant: 'stable' as Variant };
        const model = live.models.get(decision.variant)!;
        return sendJson(response, 200, modelMetadata(live.name, versionText !== null ? [versionText] : servedVersions(live).map(String), signatureFor(model)));
      }
      if (rest.length === 1 && rest[0] === 'ready' && method === 'GET') {
        const ready = versionText !== null ? (pinned(live, versionText), true) : live.models.has('stable');
        return sendJson(response, ready ? 200 : 400, { name: live.name, ready });
      }
      if (rest.length === 1 && rest[0] === 'infer' && method === 'POST') return infer(context, request, live.name, versionText);
    }
    request.request.resume();
    sendJson(response, 404, errorBody(new NotFoundError(`No Open Inference Protocol endpoint at ${method} ${request.path}`)));
  };
}
