// Our `/api` routes for deployments (contract: core/api/serving-contract.ts). Inference itself is
// served by the inference listener on its own port.
import {
  createDeploymentRequest,
  feedbackRequest,
  rolloutRequest,
  updateDeploymentRequest,
  type DeploymentListResponse,
  type DeploymentTrafficResponse,
  type PredictionLogResponse,
} from '../api/serving-contract.js';
import { ValidationError } from '../api/errors.js';
import type { Route } from '../api/router.js';
import { parseBody } from '../tracking/api-routes.js';
import type { DeploymentService } from './deployment-service.js';
import type { PredictionLog } from './prediction-log.js';
import type { ServingMetrics } from './serving-metrics.js';

function boundedInteger(text: string | null, field: string, fallback: number, maximum: number): number {
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > maximum) throw new ValidationError(`${field} must be a whole number from 1 to ${maximum}, got '${text}'.`, { field });
  return value;
}

export function deploymentRoutes(deployments: DeploymentService, log: PredictionLog, metrics: ServingMetrics, inferenceUrl: () => string): Route[] {
  const route = (method: string, path: string, handler: Route['handler']): Route => ({ method, path, flavour: 'api', handler });
  return [
    route('GET', '/api/deployments', (): DeploymentListResponse => ({ deployments: deployments.list(), inference_url: inferenceUrl() })),
    route('POST', '/api/deployments', async (context) => {
      const body = await parseBody(context, createDeploymentRequest);
      return { deployment: await deployments.create(body, context.user) };
    }),
    route('GET', '/api/deployments/:name', (context) => ({ deployment: deployments.get(context.params.name) })),
    route('PATCH', '/api/deployments/:name', async (context) => {
      const body = await parseBody(context, updateDeploymentRequest);
      return { deployment: await deployments.update(context.params.name, body, context.user) };
    }),
    route('DELETE', '/api/deployments/:name', (context) => {
      deployments.remove(context.params.name, context.user);
      metrics.forget(context.params.name);
      return {};
    }),
    route('POST', '/api/deployments/:name/rollout', async (context) => {
      const body = await parseBody(context, rolloutRequest);
      return { deployment: await deployments.rollout(context.params.name, body, context.user) };
    }),
    route('POST', '/api/deployments/:name/promote', async (context) => ({ deployment: await deployments.promote(context.params.name, context.user) })),
    route('POST', '/api/deployments/:name/rollback', async (context) => ({ deployment: await deployments.rollback(context.params.name, context.user) })),
    route('GET', '/api/deployments/:name/traffic', (context): DeploymentTrafficResponse => {
      const name = deployments.get(context.params.name).name;
      const seconds = boundedInteger(context.url.searchParams.get('seconds'), 'seconds', 60, 300);
      return { name, arms: metrics.traffic(name, seconds) };
    }),
    route('GET', '/api/deployments/:name/predictions', (context): PredictionLogResponse => {
      const name = deployments.get(context.params.name).name;
      const limit = boundedInteger(context.url.searchParams.get('limit'), 'limit', 50, 1000);
      const beforeText = context.url.searchParams.get('before');
      return { predictions: log.list(name, { limit, before: beforeText === null ? undefined : boundedInteger(beforeText, 'before', 0, Number.MAX_SAFE_INTEGER) }) };
    }),
    route('POST', '/api/deployments/:name/feedback', async (context) => {
      const name = deployments.get(context.params.name).name;
      const body = await parseBody(context, feedbackRequest);
      log.addFeedback({ deployment: name, requestId: body.request_id, entityKey: body.entity_key, label: String(body.label), user: context.user });
      return {};
    }),
  ];
}
