// HTTP routes of sync remotes, push and pull (contract: core/api/sync-contract.ts). Transfers run
// as background jobs (GET /api/jobs/:id for progress and the result), against S3 buckets and team
// registries alike.
import { addRemoteRequest, pullRequest, pushRequest, type RemoteListResponse, type RemoteModelsResponse, type RemoteResponse, type SyncJobResponse } from '../api/sync-contract.js';
import { ValidationError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import type { JobContext, JobManager } from '../jobs/job-manager.js';
import { parseVersionNumber } from '../registry/registry-store.js';
import type { RegistryService } from '../registry/registry-service.js';
import { parseBody } from '../tracking/api-routes.js';
import { diffAgainstLocal } from './local-diff.js';
import { pullVersion, remoteList } from './pull.js';
import { pushVersion } from './push.js';
import { describeRemote, RemoteStore, s3Config } from './remote-store.js';
import { addTeamRemote, removeRemote } from './team-remotes.js';

/** Field names that would carry a secret: never accepted in a body, so none is ever stored. */
const credentialField = /key|secret|token|password|passwd|credential|session|auth/i;
/** Values shaped like AWS access key ids, whatever field they are in. */
const accessKeyValue = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;

/** The path of the first field that looks like a credential, or null. */
export function credentialPath(value: unknown, at: string[] = []): string | null {
  if (typeof value === 'string') return accessKeyValue.test(value) ? at.join('.') || 'body' : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = credentialPath(item, [...at, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (credentialField.test(key)) return [...at, key].join('.');
      const found = credentialPath(item, [...at, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The body without `team.token` and `team.token_env`: the one place a secret (or the name of the
 * variable holding it) is accepted. Every other field is still checked.
 */
function withoutTeamToken(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !('team' in body) || 's3' in body) return body;
  const team = (body as { team: unknown }).team;
  if (!team || typeof team !== 'object' || Array.isArray(team)) return body;
  const { token: _token, token_env: _tokenEnv, ...rest } = team as Record<string, unknown>;
  return { ...body, team: rest };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A transfer's progress callback feeding a job, with a readable message. */
export function transferProgress(job: Pick<JobContext, 'progress'>, verb: string): (done: number, total: number) => void {
  return (done, total) => {
    if (total <= 0) return;
    job.progress(Math.min(0.99, done / total), `${verb} ${megabytes(done)} of ${megabytes(total)}`);
  };
}

export function syncRoutes(registry: RegistryService, jobs: JobManager): Route[] {
  const remotes = new RemoteStore(registry.tracking.workspace.db);
  const route = (method: string, path: string, handler: Route['handler']): Route => ({ method, path, flavour: 'api', handler });
  const root = registry.workspace.paths.root;
  return [
    route('GET', '/api/remotes', (): RemoteListResponse => ({ remotes: remotes.list() })),
    route('POST', '/api/remotes', async (context: RequestContext): Promise<RemoteResponse> => {
      const found = credentialPath(withoutTeamToken(await context.body()));
      if (found) {
        throw new ValidationError(
          `Credentials are never accepted or stored ('${found}'): the core reads S3 credentials from the AWS environment variables, shared credentials file or profile; a team registry's token is the one secret accepted, as team.token.`,
          { field: found },
        );
      }
      const body = await parseBody(context, addRemoteRequest);
      if ('team' in body) {
        const { remote, whoami } = await addTeamRemote(root, remotes, { name: body.name, url: body.team.url, token: body.team.token, tokenEnv: body.team.token_env }, context.user);
        return { remote, whoami: { user: whoami.user, role: whoami.role } };
      }
      const prefix = body.s3.prefix.replace(/^\/+|\/+$/g, '');
      const config = s3Config({ s3: `s3://${body.s3.bucket}${prefix ? `/${prefix}` : ''}`, endpoint: body.s3.endpoint || undefined, region: body.s3.region, pathStyle: body.s3.path_style });
      return { remote: remotes.add(body.name, { kind: 's3', config }, context.user) };
    }),
    route('DELETE', '/api/remotes/:name', async (context) => {
      await removeRemote(root, remotes, context.params.name, context.user);
      return { removed: context.params.name };
    }),
    route('GET', '/api/remotes/:name/models', async (context): Promise<RemoteModelsResponse> => {
      const remote = remotes.get(context.params.name);
      return { remote: remote.name, models: diffAgainstLocal(registry, await remoteList(remote)) };
    }),
    route('POST', '/api/models/:name/versions/:version/push', async (context): Promise<SyncJobResponse> => {
      const name = context.params.name;
      const version = parseVersionNumber(context.params.version);
      const body = await parseBody(context, pushRequest);
      const remote = remotes.get(body.remote);
      const job = jobs.start({ kind: 'push', title: `Push ${name} v${version} to ${remote.name} (${describeRemote(remote)})`, user: context.user }, async (job) => {
        job.progress(0.01, 'Checking the approval');
        const result = await pushVersion(registry, remote, { name, version, aliases: body.aliases, user: context.user, signal: job.signal, onProgress: transferProgress(job, 'Uploaded') });
        return { ...result };
      });
      return { job };
    }),
    route('POST', '/api/remotes/:name/pull', async (context): Promise<SyncJobResponse> => {
      const remote = remotes.get(context.params.name);
      const body = await parseBody(context, pullRequest);
      const job = jobs.start({ kind: 'pull', title: `Pull ${body.model} v${body.version} from ${remote.name}${body.as ? ` as ${body.as}` : ''}`, user: context.user }, async (job) => {
        job.progress(0.01, 'Reading the remote index');
        const result = await pullVersion(registry, remote, { name: body.model, version: body.version, as: body.as, user: context.user, signal: job.signal, onProgress: transferProgress(job, 'Downloaded') });
        return { ...result };
      });
      return { job };
    }),
  ];
}
