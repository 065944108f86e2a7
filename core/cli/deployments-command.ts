// `mlwb deploy|rollout|promote|rollback|deployments|predict`: deployments live in the running
// server (its inference listener holds the loaded models), so these commands talk to it.
import { readFile } from 'node:fs/promises';
import type { DeploymentListResponse, DeploymentSummary } from '../api/serving-contract.js';
import { parseCommand, requirePositional } from './args.js';
import { CommandFailure, createOutput, table, UsageError } from './output.js';
import { callServer as call, runningServer } from './running-server.js';

function parseVersionRef(text: string, flag: string): { model: string; version: number } {
  const colon = text.lastIndexOf(':');
  const version = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(version) || version < 1) throw new UsageError(`--${flag} expects MODEL:VERSION (e.g. churn:3), got '${text}'`);
  return { model: text.slice(0, colon), version };
}

function parsePercent(text: string | undefined): number {
  const percent = Number(text);
  if (text === undefined || text.trim() === '' || !(percent >= 0 && percent <= 100)) throw new UsageError(`--percent expects a number from 0 to 100, got '${text ?? ''}'`);
  return percent;
}

function describe(deployment: DeploymentSummary): string {
  const lines = [
    `${deployment.name}  (rollout ${deployment.rollout_id.slice(0, 8)}${deployment.sticky_key ? `, sticky on ${deployment.sticky_key}` : ', random split'})`,
    table(
      ['ARM', 'MODEL', 'VERSION', 'TRAFFIC', 'APPROVAL', 'STATE'],
      deployment.arms.map((arm) => [arm.variant, arm.model, `v${arm.version}`, arm.variant === 'shadow' ? 'copy' : `${arm.percent.toFixed(2)} %`, arm.approval, arm.ready ? `ready (${arm.load_ms} ms load)` : (arm.error ?? 'loading')]),
    ),
  ];
  if (deployment.features) lines.push(`features: ${deployment.features.service ? `service ${deployment.features.service}` : deployment.features.features?.join(', ')} from the online store, by ${deployment.features.entity_key}${deployment.features.allow_stale ? ' (stale allowed)' : ''}`);
  if (deployment.excluded.length > 0) lines.push(`excluded → stable: ${deployment.excluded.map((rule) => `${rule.column}=${rule.value}`).join(', ')}`);
  lines.push(`predict: POST ${deployment.endpoints.predict}`, `v2:      POST ${deployment.endpoints.v2_infer}`);
  return lines.join('\n');
}

const usage = `mlwb deploy NAME --model M --version V [(--features-service S | --feature VIEW:FEATURE...) --entity-key KEY [--allow-stale]]
      (with features: records carry only KEY; the rest comes from the online store)
  mlwb rollout NAME --candidate M:V --percent P [--sticky KEY] [--exclude COLUMN=VALUE]... [--shadow M:V]
      (the running candidate again ramps it: same salt, earlier members stay)
  mlwb promote NAME | rollback NAME
  mlwb deployments list | show NAME
  mlwb predict NAME --data FILE.json (one record or a list of records)`;

export async function deploymentCommand(command: string, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, {
    model: { type: 'string' },
    version: { type: 'string' },
    candidate: { type: 'string' },
    percent: { type: 'string' },
    sticky: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    shadow: { type: 'string' },
    data: { type: 'string' },
    'features-service': { type: 'string' },
    feature: { type: 'string', multiple: true },
    'entity-key': { type: 'string' },
    'allow-stale': { type: 'boolean', default: false },
  });
  const output = createOutput(values.json);
  if (command === 'deployments') {
    const verb = requirePositional(positionals, 0, 'list or show', usage);
    const server = await runningServer(values.workspace);
    if (verb === 'list') {
      const list = await call<DeploymentListResponse>(server, 'GET', '/api/deployments');
      return output.result(list, () =>
        list.deployments.length === 0
          ? 'No deployments yet. Deploy a registered version with: mlwb deploy NAME --model M --version V'
          : [`inference listener: ${list.inference_url}`, '', ...list.deployments.map(describe)].join('\n\n'),
      );
    }
    if (verb === 'show') {
      const { deployment } = await call<{ deployment: DeploymentSummary }>(server, 'GET', `/api/deployments/${encodeURIComponent(requirePositional(positionals, 1, 'NAME', usage))}`);
      return output.result({ deployment }, () => describe(deployment));
    }
    throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  }

  const name = requirePositional(positionals, 0, 'NAME', usage);
  const path = `/api/deployments/${encodeURIComponent(name)}`;
  const server = await runningServer(values.workspace);
  let deployment: DeploymentSummary;
  switch (command) {
    case 'deploy': {
      if (!values.model || !values.version) throw new UsageError(`--model and --version are required. Usage: ${usage}`);
      const service = values['features-service'];
      if ((service !== undefined || values.feature !== undefined) !== (values['entity-key'] !== undefined)) throw new UsageError(`--entity-key goes with --features-service or --feature. Usage: ${usage}`);
      if (service !== undefined && values.feature !== undefined) throw new UsageError('Give --features-service or --feature, not both.');
      const features = values['entity-key'] ? { ...(service ? { service } : { features: values.feature }), entity_key: values['entity-key'], ...(values['allow-stale'] ? { allow_stale: true } : {}) } : undefined;
      ({ deployment } = await call<{ deployment: DeploymentSummary }>(server, 'POST', '/api/deployments', { name, model: values.model, version: Number(values.version), features }));
      break;
    }
    case 'rollout': {
      if (!values.candidate) throw new UsageError(`--candidate MODEL:VERSION is required. Usage: ${usage}`);
      const candidate = parseVersionRef(values.candidate, 'candidate');
      const excluded = (values.exclude ?? []).map((rule) => {
        const equals = rule.indexOf('=');
        if (equals <= 0) throw new UsageError(`--exclude expects COLUMN=VALUE, got '${rule}'`);
        return { column: rule.slice(0, equals), value: rule.slice(equals + 1) };
      });
      const { deployment: current } = await call<{ deployment: DeploymentSummary }>(server, 'GET', path);
      const running = current.arms.find((arm) => arm.variant === 'candidate');
      if (running && running.model === candidate.model && running.version === candidate.version && !values.shadow) {
        // The same candidate again is a ramp: the rollout (and its salt) stays, so members stay put.
        ({ deployment } = await call<{ deployment: DeploymentSummary }>(server, 'PATCH', path, {
          percents: [parsePercent(values.percent)],
          ...(values.sticky ? { sticky_key: values.sticky } : {}),
          ...(values.exclude ? { excluded } : {}),
        }));
        break;
      }
      ({ deployment } = await call<{ deployment: DeploymentSummary }>(server, 'POST', `${path}/rollout`, {
        ...candidate,
        percent: parsePercent(values.percent),
        ...(values.sticky ? { sticky_key: values.sticky } : {}),
        ...(values.exclude ? { excluded } : {}),
        ...(values.shadow ? { shadow: parseVersionRef(values.shadow, 'shadow') } : {}),
      }));
      break;
    }
    case 'promote':
    case 'rollback':
      ({ deployment } = await call<{ deployment: DeploymentSummary }>(server, 'POST', `${path}/${command}`));
      break;
    case 'predict': {
      if (!values.data) throw new UsageError(`--data FILE is required. Usage: ${usage}`);
      let body: unknown;
      try {
        body = JSON.parse(await readFile(values.data, 'utf8'));
      } catch (error) {
        throw new UsageError(`${values.data}: ${(error as Error).message}`);
      }
      const { deployment: current } = await call<{ deployment: DeploymentSummary }>(server, 'GET', path);
      const target = Array.isArray(body) ? current.endpoints.batch_predict : current.endpoints.predict;
      const response = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body: JSON.stringify(body) });
      const result = (await response.json()) as unknown;
      if (!response.ok) throw (response.status < 500 ? new UsageError(JSON.stringify(result)) : new CommandFailure(JSON.stringify(result)));
      return output.result(result, () => JSON.stringify(result, null, 2));
    }
    default:
      throw new UsageError(`Unknown command '${command}'. Usage: ${usage}`);
  }
  output.result({ deployment }, () => describe(deployment));
}
