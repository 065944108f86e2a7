// `mlwb remotes`, `mlwb push`, `mlwb pull`, `mlwb remote list`: sync with S3-compatible buckets
// and team registries, straight on the workspace (no local server needed).
import { parseVersionNumber } from '../registry/registry-store.js';
import { RegistryService } from '../registry/registry-service.js';
import { diffAgainstLocal } from '../sync/local-diff.js';
import { pullVersion, remoteList } from '../sync/pull.js';
import { pushVersion } from '../sync/push.js';
import { describeRemote, RemoteStore, s3Config, type Remote } from '../sync/remote-store.js';
import { addTeamRemote, removeRemote } from '../sync/team-remotes.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const remotesUsage = `mlwb remotes add NAME --s3 s3://BUCKET/PREFIX [--endpoint URL] [--region R] [--path-style]
  mlwb remotes add NAME --url URL (--token T | --token-env VAR | --token-file PATH)
  mlwb remotes list
  mlwb remotes remove NAME`;
const pushUsage = 'mlwb push MODEL VERSION --to REMOTE [--alias A]...';
const pullUsage = 'mlwb pull MODEL VERSION --from REMOTE [--as NAME]';
const remoteUsage = 'mlwb remote list --from REMOTE';

/** Progress bars only on a terminal, and only once a transfer has run for a second. */
const progressDelayMs = 1000;

export async function remotesCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, {
    s3: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    'path-style': { type: 'boolean', default: false },
    url: { type: 'string' },
    token: { type: 'string' },
    'token-env': { type: 'string' },
    'token-file': { type: 'string' },
  });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', remotesUsage);
  if (verb === 'add') {
    const name = requirePositional(positionals, 1, 'a remote name', remotesUsage);
    if ((values.s3 === undefined) === (values.url === undefined)) throw new UsageError(`Give either --s3 s3://BUCKET/PREFIX or --url URL. Usage: ${remotesUsage}`);
    if (values.url !== undefined) {
      const input = { name, url: values.url, token: values.token, tokenEnv: values['token-env'], tokenFile: values['token-file'] };
      const { remote, whoami } = await withTracking(values, (tracking, workspace) => addTeamRemote(workspace.paths.root, new RemoteStore(tracking.db), input, workspace.user));
      output.result({ ...remote, whoami: { user: whoami.user, role: whoami.role } }, () => `Added team remote '${remote.name}': ${describeRemote(remote)}, signed in as ${whoami.user} (role ${whoami.role}); token read from ${tokenSource(remote)}.`);
      return;
    }
    if (values.token !== undefined || values['token-env'] !== undefined || values['token-file'] !== undefined) {
      throw new UsageError('S3 remotes take no token: the AWS environment variables, shared credentials file or profile sign their requests.');
    }
    const remote = { kind: 's3' as const, config: s3Config({ s3: values.s3!, endpoint: values.endpoint, region: values.region, pathStyle: values['path-style'] }) };
    const added = await withTracking(values, (tracking, workspace) => new RemoteStore(tracking.db).add(name, remote, workspace.user));
    output.result(added, () => `Added ${added.kind} remote '${added.name}': ${describeRemote(added)}`);
    return;
  }
  if (verb === 'list') {
    const remotes = await withTracking(values, (tracking) => new RemoteStore(tracking.db).list());
    output.result({ remotes }, () => (remotes.length === 0 ? 'No remotes. Add one with mlwb remotes add NAME --s3 s3://BUCKET/PREFIX or --url URL --token T.' : table(['NAME', 'KIND', 'WHERE', 'TOKEN', 'ADDED BY'], remotes.map((remote) => [remote.name, remote.kind, describeRemote(remote), tokenSource(remote), remote.created_by]))));
    return;
  }
  if (verb === 'remove') {
    const name = requirePositional(positionals, 1, 'a remote name', remotesUsage);
    await withTracking(values, (tracking, workspace) => removeRemote(workspace.paths.root, new RemoteStore(tracking.db), name, workspace.user));
    output.result({ removed: name }, () => `Removed remote '${name}'.`);
    return;
  }
  throw new UsageError(`Unknown verb '${verb}'. Usage: ${remotesUsage}`);
}

export async function pushCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { to: { type: 'string' }, alias: { type: 'string', multiple: true } });
  const output = createOutput(values.json);
  const name = requirePositional(positionals, 0, 'a model name', pushUsage);
  const version = parseVersionNumber(requirePositional(positionals, 1, 'a version', pushUsage));
  if (!values.to) throw new UsageError(`Missing --to REMOTE. Usage: ${pushUsage}`);
  const result = await withTracking(values, async (tracking, workspace) => {
    const registry = new RegistryService(tracking);
    const remote = new RemoteStore(tracking.db).get(values.to!);
    return withProgress(!values.json, 'Uploading', (onProgress, signal) => pushVersion(registry, remote, { name, version, aliases: values.alias, user: workspace.user, onProgress, signal }));
  });
  output.result(result, () => result.message);
}

export async function pullCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { from: { type: 'string' }, as: { type: 'string' } });
  const output = createOutput(values.json);
  const name = requirePositional(positionals, 0, 'a model name', pullUsage);
  const version = parseVersionNumber(requirePositional(positionals, 1, 'a version', pullUsage));
  if (!values.from) throw new UsageError(`Missing --from REMOTE. Usage: ${pullUsage}`);
  const result = await withTracking(values, async (tracking, workspace) => {
    const registry = new RegistryService(tracking);
    const remote = new RemoteStore(tracking.db).get(values.from!);
    return withProgress(!values.json, 'Downloading', (onProgress, signal) => pullVersion(registry, remote, { name, version, as: values.as, user: workspace.user, onProgress, signal }));
  });
  output.result(result, () => result.message);
}

export async function remoteCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { from: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', remoteUsage);
  if (verb !== 'list') throw new UsageError(`Unknown verb '${verb}'. Usage: ${remoteUsage}`);
  if (!values.from) throw new UsageError(`Missing --from REMOTE. Usage: ${remoteUsage}`);
  const models = await withTracking(values, async (tracking) => diffAgainstLocal(new RegistryService(tracking), await remoteList(new RemoteStore(tracking.db).get(values.from!))));
  output.result({ remote: values.from, models }, () =>
    models.length === 0
      ? `Remote '${values.from}' holds no models yet.`
      : table(
          ['MODEL', 'VERSION', 'ALIASES', 'SHA256', 'PUSHED BY', 'PUSHED', 'LOCAL'],
          models.flatMap((model) =>
            model.versions.map((entry) => [
              model.name,
              String(entry.version),
              Object.entries(model.aliases).filter(([, target]) => target === entry.version).map(([alias]) => alias).join(', '),
              `${entry.sha256.slice(0, 12)}…`,
              entry.pushed_by,
              entry.pushed_time.replace(/\.\d{3}Z$/, 'Z'),
              entry.local_versions.map((local) => `${local.name} v${local.version}`).join(', ') || '-',
            ]),
          ),
        ),
  );
}

/** Runs a transfer with Ctrl-C cancelling it and, on a terminal, a bar once it passes a second. */
async function withProgress<Result>(human: boolean, label: string, transfer: (onProgress: (done: number, total: number) => void, signal: AbortSignal) => Promise<Result>): Promise<Result> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  const interactive = human && process.stderr.isTTY;
  const started = Date.now();
  let drawn = false;
  try {
    return await transfer((done, total) => {
      if (!interactive || Date.now() - started < progressDelayMs || total === 0) return;
      const width = 30;
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r${label} [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${megabytes(done)} of ${megabytes(total)}\u001b[K`);
      drawn = true;
    }, controller.signal);
  } finally {
    process.off('SIGINT', cancel);
    if (drawn) process.stderr.write('\r\u001b[K');
  }
}

/** Where a remote's credential comes from, for the remotes table: never the credential itself. */
function tokenSource(remote: Remote): string {
  if (remote.kind === 's3') return 'AWS default chain';
  return remote.config.token_env ? `$${remote.config.token_env}` : `file ${remote.config.token_file}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
