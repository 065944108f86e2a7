// `mlwb users add|list|remove`: tokens for the other people who use this workspace's server
// (a reviewer signs in with their own token, so approvals name who gave them).
import { UserTokens } from '../workspace/user-tokens.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = `mlwb users add NAME [--token TOKEN]
  mlwb users list
  mlwb users remove NAME`;

export async function usersCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { token: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  await withTracking(values, (_tracking, workspace) => {
    const tokens = new UserTokens(workspace.db);
    if (verb === 'add') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const token = tokens.add(name, workspace.user, values.token);
      output.result({ user: name, token }, () =>
        [`Token for ${name} (shown once; only its hash is stored):`, token, '', `They open the UI with it, or send "Authorization: Bearer <token>" to the API.`].join('\n'),
      );
      return;
    }
    if (verb === 'list') {
      const users = tokens.list();
      output.result({ users }, () =>
        users.length === 0 ? 'No other users yet. Add one with: mlwb users add NAME' : table(['USER', 'TOKENS', 'ADDED', 'BY'], users.map((user) => [user.user, String(user.tokens), new Date(user.created_time).toISOString(), user.created_by])),
      );
      return;
    }
    if (verb === 'remove') {
      const name = requirePositional(positionals, 1, 'NAME', usage);
      const removed = tokens.remove(name);
      output.result({ user: name, removed }, () => `Revoked ${removed} token(s) of ${name}`);
      return;
    }
    throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  });
}
