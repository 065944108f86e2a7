// The team registry's routes under /api/team/v1 (core/api/team-contract.ts). Every route needs a
// token; the role bound to the token's user decides what it may do, and a refusal names both the
// user's role and the role needed.
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import {
  teamAddUserRequest,
  teamAliasRequest,
  teamApiBase,
  teamPushRequest,
  teamRoleRequest,
  type TeamAddUserResponse,
  type TeamAliasResponse,
  type TeamAuditResponse,
  type TeamModelsResponse,
  type TeamRole,
  type TeamUser,
  type TeamUsersResponse,
  type TeamWhoamiResponse,
} from '../api/team-contract.js';
import { version as serverVersion } from '../api/version.js';
import type { RegistryService } from '../registry/registry-service.js';
import { parseVersionNumber, validateModelName } from '../registry/registry-store.js';
import { parseBody } from '../tracking/api-routes.js';
import { checksumsFile, contentTypes, modelFile, versionFiles } from '../sync/layout.js';
import { UserTokens } from '../workspace/user-tokens.js';
import { publishVersion } from './team-publish.js';
import { requireRole, TeamRoles } from './team-roles.js';
import { TeamStore } from './team-store.js';
import { TeamUploads } from './team-uploads.js';

const downloadableFiles: readonly string[] = [...versionFiles, checksumsFile];

export interface TeamRoutesOptions {
  registry: RegistryService;
  /** The server's URL, known once it listens (for `location`). */
  url: () => string;
}

export function teamRoutes(options: TeamRoutesOptions): Route[] {
  const { registry } = options;
  const { db, workspace, audit } = registry;
  const roles = new TeamRoles(db);
  const tokens = new UserTokens(db);
  const store = new TeamStore(db, registry.store);
  const uploads = new TeamUploads(workspace);
  const base = () => `${options.url()}${teamApiBase}`;

  /** The workspace user (the server's own token) is always admin; a token without a role reads. */
  const roleOf = (user: string): TeamRole => (user === workspace.user ? 'admin' : (roles.roleFor(user) ?? 'reader'));
  const need = (context: RequestContext, needed: TeamRole, action: string) => requireRole(context.user, roleOf(context.user), needed, action);
  const notWorkspaceUser = (user: string) => {
    if (user === workspace.user) throw new ValidationError(`'${user}' is this registry's workspace user (the server's own token); it is always admin and is not managed here.`, { field: 'user' });
  };
  const users = (): TeamUser[] => {
    const byUser = new Map<string, TeamUser>();
    for (const row of tokens.list()) byUser.set(row.user, { user: row.user, role: 'reader', tokens: row.tokens, granted_time: row.created_time, granted_by: row.created_by });
    for (const row of roles.list()) byUser.set(row.user, { user: row.user, role: row.role, tokens: byUser.get(row.user)?.tokens ?? 0, granted_time: row.granted_time, granted_by: row.granted_by });
    return [...byUser.values()].sort((left, right) => (left.user < right.user ? -1 : left.user > right.user ? 1 : 0));
  };
  const findUser = (user: string): TeamUser => {
    const found = users().find((candidate) => candidate.user === user);
    if (!found) throw new NotFoundError(`No user '${user}' on this team registry.`, { user });
    return found;
  };
  const modelParam = (context: RequestContext) => validateModelName(context.params.name);

  const route = (method: string, path: string, handler: Route['handler'], extra: Partial<Route> = {}): Route => ({ method, path: `${teamApiBase}${path}`, flavour: 'api', handler, ...extra });

  return [
    route('GET', '/whoami', (context): TeamWhoamiResponse => ({ user: context.user, role: roleOf(context.user), server: { version: serverVersion, name: os.hostname() } })),

    route('GET', '/models', (): TeamModelsResponse => ({ models: store.models() })),
    route('GET', '/models/:name/index', (context) => store.index(modelParam(context))),
    route('GET', '/models/:name/versions/:version', (context) => {
      const name = modelParam(context);
      const version = parseVersionNumber(context.params.version);
      const entry = store.entry(name, version);
      if (!entry) throw new NotFoundError(`This team registry has no version ${version} of ${name}.`, { name, version });
      return entry;
    }),
    route('GET', '/models/:name/versions/:version/files/:file', async (context) => {
      const name = modelParam(context);
      const version = parseVersionNumber(context.params.version);
      const file = context.params.file;
      const entry = store.entry(name, version);
      if (!entry) throw new NotFoundError(`This team registry has no version ${version} of ${name}.`, { name, version });
      if (!downloadableFiles.includes(file)) throw new NotFoundError(`A version folder has no file '${file}' (it has ${downloadableFiles.join(', ')}).`, { file });
      const object = file === modelFile ? { sha256: entry.sha256, size: entry.size } : store.document(name, version, file);
      if (!object) throw new NotFoundError(`Version ${version} of ${name} has no ${file}.`, { file });
      const { response, request } = context;
      response.writeHead(200, { 'Content-Type': contentTypes[file], 'Content-Length': object.size });
      if (request.method === 'HEAD') {
        response.end();
        return undefined;
      }
      if (file === modelFile) registry.write(() => audit.append({ actor: context.user, action: 'team.pull', entityType: 'model_version', entityId: `${name}/${version}`, after: { sha256: entry.sha256 } }));
      await pipeline(workspace.artifacts.openRead(object.sha256), response);
      return undefined;
    }),

    route(
      'PUT',
      '/uploads/:sha256',
      (context) => {
        need(context, 'publisher', 'uploading a model');
        return uploads.putChunk(context.params.sha256, context.request);
      },
      { rawBody: true },
    ),
    route('GET', '/uploads/:sha256', (context) => {
      need(context, 'publisher', 'uploading a model');
      return uploads.status(context.params.sha256);
    }),
    route('POST', '/models/:name/versions', async (context) => {
      need(context, 'publisher', 'pushing a version');
      const push = await parseBody(context, teamPushRequest);
      if (push.aliases.length > 0) need(context, 'approver', `pushing with aliases (${push.aliases.join(', ')})`);
      return publishVersion({ registry, store, uploads, user: context.user, base: base() }, context.params.name, push);
    }),

    route('PUT', '/models/:name/aliases/:alias', async (context): Promise<TeamAliasResponse> => {
      need(context, 'approver', 'moving an alias');
      const name = modelParam(context);
      const { version } = await parseBody(context, teamAliasRequest);
      if (!store.entry(name, version)) throw new NotFoundError(`This team registry has no version ${version} of ${name}.`, { name, version });
      registry.setAlias(name, context.params.alias, version, context.user, { gate: false, action: 'team.alias_set' });
      return { name, aliases: store.aliases(name) };
    }),
    route('DELETE', '/models/:name/aliases/:alias', (context): TeamAliasResponse => {
      need(context, 'approver', 'deleting an alias');
      const name = modelParam(context);
      registry.deleteAlias(name, context.params.alias, context.user, { action: 'team.alias_delete' });
      return { name, aliases: store.aliases(name) };
    }),

    route('GET', '/users', (context): TeamUsersResponse => {
      need(context, 'admin', 'managing users');
      return { users: users() };
    }),
    route('POST', '/users', async (context): Promise<TeamAddUserResponse> => {
      need(context, 'admin', 'managing users');
      const { user, role } = await parseBody(context, teamAddUserRequest);
      notWorkspaceUser(user);
      return registry.write(() => {
        const before = users().find((candidate) => candidate.user === user);
        const token = tokens.add(user, context.user);
        roles.grant(user, role, context.user);
        audit.append({ actor: context.user, action: 'team.user_add', entityType: 'user', entityId: user, before: before ? { role: before.role, tokens: before.tokens } : null, after: { role } });
        return { user, role, token };
      });
    }),
    route('PUT', '/users/:user', async (context) => {
      need(context, 'admin', 'managing users');
      const { role } = await parseBody(context, teamRoleRequest);
      const user = context.params.user;
      notWorkspaceUser(user);
      return registry.write(() => {
        const before = findUser(user);
        roles.grant(user, role, context.user);
        audit.append({ actor: context.user, action: 'team.user_role', entityType: 'user', entityId: user, before: { role: before.role }, after: { role } });
        return findUser(user);
      });
    }),
    route('DELETE', '/users/:user', (context) => {
      need(context, 'admin', 'managing users');
      const user = context.params.user;
      notWorkspaceUser(user);
      return registry.write(() => {
        const before = findUser(user);
        if (before.tokens > 0) tokens.remove(user);
        roles.revoke(user);
        audit.append({ actor: context.user, action: 'team.user_remove', entityType: 'user', entityId: user, before: { role: before.role, tokens: before.tokens } });
        return { user, removed_tokens: before.tokens };
      });
    }),

    route('GET', '/audit', (context): TeamAuditResponse => {
      need(context, 'admin', 'reading the audit log');
      const limitText = context.url.searchParams.get('limit');
      const limit = limitText === null ? undefined : Number(limitText);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) throw new ValidationError(`'limit' must be a whole number from 1 to 1000, got '${limitText}'.`, { field: 'limit' });
      return { entries: audit.list({ limit }).entries };
    }),
    route('GET', '/audit/verify', (context) => {
      need(context, 'admin', 'reading the audit log');
      return audit.verify();
    }),
  ];
}
