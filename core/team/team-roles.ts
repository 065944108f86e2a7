// Who may do what on a team registry. Tokens stay in UserTokens (only their sha256 is stored);
// this table adds a role per user. A user with a token but no role row reads, nothing more.
import { ForbiddenError, ValidationError } from '../api/errors.js';
import { teamRoles, type TeamRole } from '../api/team-contract.js';
import type { Sqlite } from '../workspace/database.js';

export type { TeamRole };

export interface TeamRoleRow {
  user: string;
  role: TeamRole;
  granted_time: number;
  granted_by: string;
}

export function parseTeamRole(value: unknown): TeamRole {
  if (typeof value === 'string' && (teamRoles as readonly string[]).includes(value)) return value as TeamRole;
  throw new ValidationError(`Unknown role '${String(value)}': use one of ${teamRoles.join(', ')}.`, { field: 'role', allowed: [...teamRoles] });
}

/** Whether `role` may do what `needed` may (roles are ordered by power). */
export function roleAtLeast(role: TeamRole, needed: TeamRole): boolean {
  return teamRoles.indexOf(role) >= teamRoles.indexOf(needed);
}

/** 403 naming the user's role and the role the action needs. */
export function requireRole(user: string, role: TeamRole, needed: TeamRole, action: string): void {
  if (roleAtLeast(role, needed)) return;
  throw new ForbiddenError(`User '${user}' has the ${role} role on this team registry; ${action} needs ${needed} or above.`, { user, role, needed });
}

export class TeamRoles {
  constructor(private readonly db: Sqlite) {}

  grant(user: string, role: TeamRole, grantedBy: string): void {
    parseTeamRole(role);
    this.db
      .prepare('INSERT INTO team_roles (user, role, granted_time, granted_by) VALUES (?, ?, ?, ?) ON CONFLICT (user) DO UPDATE SET role = excluded.role, granted_time = excluded.granted_time, granted_by = excluded.granted_by')
      .run(user, role, Date.now(), grantedBy);
  }

  roleFor(user: string): TeamRole | undefined {
    return (this.db.prepare('SELECT role FROM team_roles WHERE user = ?').get(user) as { role: TeamRole } | undefined)?.role;
  }

  row(user: string): TeamRoleRow | undefined {
    return this.db.prepare('SELECT user, role, granted_time, granted_by FROM team_roles WHERE user = ?').get(user) as TeamRoleRow | undefined;
  }

  list(): TeamRoleRow[] {
    return this.db.prepare('SELECT user, role, granted_time, granted_by FROM team_roles ORDER BY user').all() as TeamRoleRow[];
  }

  /** Removes the user's role row (a remaining token would read again); true when there was one. */
  revoke(user: string): boolean {
    return this.db.prepare('DELETE FROM team_roles WHERE user = ?').run(user).changes > 0;
  }
}
