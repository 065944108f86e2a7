// Adding and removing team registry remotes. A token given directly (`--token`, or `team.token`
// over HTTP) is written to a 0600 file under `<workspace>/secrets/remotes/` and only that file's
// path is stored, so the database, its backups and the audit log never hold it. A remote is
// checked before it is stored: the registry must answer `whoami` for its token.
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, ValidationError } from '../api/errors.js';
import type { TeamWhoamiResponse } from '../api/team-contract.js';
import { RemoteStore, teamConfig, validateRemoteName, type Remote } from './remote-store.js';
import { readTeamToken, TeamClient } from './team-client.js';

export interface TeamRemoteInput {
  name: string;
  url: string;
  /** Exactly one of the three. */
  token?: string;
  tokenEnv?: string;
  tokenFile?: string;
}

/** Where tokens given directly are kept, one file per remote. */
export function tokenFolder(workspaceRoot: string): string {
  return path.join(workspaceRoot, 'secrets', 'remotes');
}

export async function addTeamRemote(workspaceRoot: string, remotes: RemoteStore, input: TeamRemoteInput, user: string, signal?: AbortSignal): Promise<{ remote: Remote; whoami: TeamWhoamiResponse }> {
  const name = validateRemoteName(input.name);
  if (remotes.find(name)) throw new ConflictError(`A remote named '${name}' already exists; remove it first (mlwb remotes remove ${name}).`);
  const sources = [input.token, input.tokenEnv, input.tokenFile].filter((source) => source !== undefined).length;
  if (sources !== 1) {
    throw new ValidationError('A team remote needs exactly one of a token (--token T, kept in a 0600 file in the workspace), an environment variable (--token-env VAR) or a token file (--token-file PATH).', { field: 'token' });
  }
  const token = input.token?.trim();
  if (input.token !== undefined && !token) throw new ValidationError('The token is empty.', { field: 'token' });
  const tokenFile = token !== undefined ? path.join(tokenFolder(workspaceRoot), `${name}.token`) : input.tokenFile !== undefined ? path.resolve(input.tokenFile) : undefined;
  const config = teamConfig({ url: input.url, tokenEnv: input.tokenEnv, tokenFile });
  // Checked before anything is stored: an unreachable registry or a rejected token adds nothing.
  const client = new TeamClient(name, config.url, token !== undefined ? async () => token : () => readTeamToken(name, config));
  const whoami = await client.whoami(signal);
  if (token !== undefined) await writeTokenFile(tokenFile!, token);
  try {
    return { remote: remotes.add(name, { kind: 'team', config }, user), whoami };
  } catch (error) {
    if (token !== undefined) await rm(tokenFile!, { force: true });
    throw error;
  }
}

/** Removes a remote of either kind, and the token file the workspace wrote for it. */
export async function removeRemote(workspaceRoot: string, remotes: RemoteStore, name: string, user: string): Promise<void> {
  const remote = remotes.get(name);
  remotes.remove(name, user);
  const file = remote.kind === 'team' ? remote.config.token_file : null;
  if (file && path.dirname(file) === tokenFolder(workspaceRoot)) await rm(file, { force: true });
}

async function writeTokenFile(file: string, token: string): Promise<void> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(path.dirname(folder), 0o700);
  await chmod(folder, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${token}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
