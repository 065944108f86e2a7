// `mlwb users add|list|remove|role`: tokens for the other people who use this workspace's server
// (a reviewer signs in with their own token, so approvals name who gave them), and their role on
// a team registry (`mlwb serve --team-registry`; a user without one reads only).
import { teamRoles } from '../api/team-contract.js';
import { AuditLog } from '../registry/audit-log.js';
import { TeamRoles, type TeamRole } from '../team/team-roles.js';
import { UserTokens } from '../workspace/user-tokens.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = `mlwb users add NAME [--role ${teamRoles.join('|')}] [--token TOKEN]
  mlwb users role NAME ROLE
  mlwb users list
  mlwb users remove NAME`;

function parseRole(text: string | undefined): TeamRole | undefined {
  if (text === undefined) return undefined;
  if (!(teamRoles as readonly string[]).includes(text)) throw new UsageError(`Unknown role '${text}': use one of ${teamRoles.join(', ')}. Usage: ${usage}`);
  return text as TeamRole;
}

export async function usersCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { token: { type: 'string' }, role: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  const requestedRole = parseRole(values.role);
  await withTracking(values, (_tracking, workspace) => {
    const tokens = new UserTokens(workspace.db);
    const roles = new TeamRoles(workspace.db);
    const audit = new AuditLog(workspace.db);
    const write = <Result>(change: () => Result): Result => workspace.db.transaction(change).immediate();
    if (verb === 'add') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const { token, role } = write(() => {
        const token = tokens.add(name, workspace.user, values.token);
        // A new token keeps the role the user has unless --role says otherwise.
        const role = requestedRole ?? roles.roleFor(name) ?? 'reader';
        if (roles.roleFor(name) !== role) {
          roles.grant(name, role, workspace.user);
          audit.append({ actor: workspace.user, action: 'team.user_add', entityType: 'user', entityId: name, after: { role } });
        }
        return { token, role };
      });
      output.result({ user: name, role, token }, () =>
        [`Token for ${name} (role ${role}; shown once, only its hash is stored):`, token, '', `They open the UI with it, or send "Authorization: Bearer <token>" to the API.`].join('\n'),
      );
      return;
    }
    if (verb === 'role') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const role = parseRole(requirePositional(positionals, 2, 'ROLE', usage))!;
      const before = write(() => {
        const known = tokens.list().some((user) => user.user === name) || roles.roleFor(name) !== undefined;
        if (!known) throw new UsageError(`No user '${name}' in this workspace; add one with: mlwb users add ${name} --role ${role}`);
        const previous = roles.roleFor(name) ?? 'reader';
        roles.grant(name, role, workspace.user);
        audit.append({ actor: workspace.user, action: 'team.user_role', entityType: 'user', entityId: name, before: { role: previous }, after: { role } });
        return previous;
      });
      output.result({ user: name, role, previous_role: before }, () => `${name}: ${before} → ${role}`);
      return;
    }
    if (verb === 'list') {
      const roleRows = new Map(roles.list().map((row) => [row.user, row.role]));
      const users = tokens.list().map((user) => ({ ...user, role: roleRows.get(user.user) ?? 'reader' }));
      output.result({ users }, () =>
        users.length === 0
          ? 'No other users yet. Add one with: mlwb users add NAME [--role ROLE]'
          : table(['USER', 'ROLE', 'TOKENS', 'ADDED', 'BY'], users.map((user) => [user.user, user.role, String(user.tokens), new Date(user.created_time).toISOString(), user.created_by])),
      );
      return;
    }
    if (verb === 'remove') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const removed = write(() => {
        const count = tokens.remove(name);
        if (roles.revoke(name)) audit.append({ actor: workspace.user, action: 'team.user_remove', entityType: 'user', entityId: name, before: { tokens: count } });
        return count;
      });
      output.result({ user: name, removed }, () => `Revoked ${removed} token(s) of ${name}`);
      return;
    }
    throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  });
}
