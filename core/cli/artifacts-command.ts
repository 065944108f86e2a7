import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { joinPath, storagePrefix, validateArtifactPath } from '../tracking/artifacts.js';
import { listRunArtifacts } from '../tracking/mlflow-routes.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = `mlwb artifacts upload RUN_ID FILE [--path DEST]
  mlwb artifacts download RUN_ID PATH [--out FILE]
  mlwb artifacts list RUN_ID [--path DIR]`;

export async function artifactsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { path: { type: 'string' }, out: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  const runId = requirePositional(positionals, 1, 'RUN_ID', usage);
  await withTracking(values, async (tracking) => {
    const run = tracking.runs.get(runId);
    const prefix = storagePrefix(run.artifact_uri);
    if (prefix === null) throw new UsageError(`Artifacts of run ${runId} live at ${run.artifact_uri}, outside this workspace.`);
    if (verb === 'upload') {
      const file = requirePositional(positionals, 2, 'FILE', usage);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new UsageError(`No such file: ${file}`);
      tracking.runs.requireActive(runId);
      const destination = validateArtifactPath(values.path ? joinPath(values.path.replace(/\/+$/, ''), path.basename(file)) : path.basename(file), '--path');
      const stored = await tracking.artifacts.put(joinPath(prefix, destination), createReadStream(file), tracking.workspace.user);
      output.result({ path: destination, ...stored }, () => `Uploaded ${destination} (${stored.size} bytes, sha256 ${stored.sha256.slice(0, 12)}…)`);
      return;
    }
    if (verb === 'download') {
      const source = validateArtifactPath(requirePositional(positionals, 2, 'PATH', usage));
      const target = values.out ?? path.basename(source);
      const file = tracking.artifacts.file(joinPath(prefix, source));
      await pipeline(tracking.artifacts.open(joinPath(prefix, source)), createWriteStream(target));
      output.result({ path: source, file: path.resolve(target), size: file.size, sha256: file.sha256 }, () => `Downloaded ${source} to ${target} (${file.size} bytes)`);
      return;
    }
    if (verb === 'list') {
      const listing = listRunArtifacts(tracking, run.artifact_uri, values.path ?? '');
      output.result(listing, () =>
        listing.files.length === 0 ? 'No artifacts.' : table(['PATH', 'SIZE'], listing.files.map((file) => [file.is_dir ? `${file.path}/` : file.path, file.is_dir ? '' : String(file.file_size)])),
      );
      return;
    }
    throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  });
}
