import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { datasetFormats, type DatasetColumnStats, type DatasetFormat, type DatasetVersionResponse, type DatasetVersionSummary } from '../api/contract.js';
import { DatasetService } from '../datasets/dataset-service.js';
import { parseVersion } from '../datasets/dataset-routes.js';
import { overridesFromPairs } from '../datasets/infer-schema.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';

const usage = `mlwb datasets import FILE [--name NAME] [--type COLUMN=TYPE]... [--format csv|parquet]
  mlwb datasets list
  mlwb datasets show NAME[:VERSION]`;

export async function datasetsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { name: { type: 'string' }, type: { type: 'string', multiple: true }, format: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);

  if (verb === 'import') {
    const file = requirePositional(positionals, 1, 'FILE', usage);
    const format = parseFormat(values.format);
    const types = overridesFromPairs(values.type ?? []);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new UsageError(`No such file: ${file}`);
    await withWorkspace(values, async (workspace) => {
      if (process.stderr.isTTY && !values.json) process.stderr.write(`Importing ${file} (${formatBytes(info.size)})…\n`);
      const result = await new DatasetService(workspace).import({ source: createReadStream(file), fileName: path.resolve(file), name: values.name, format, types, user: workspace.user });
      output.result(result, () => {
        const { version } = result;
        const headline = result.created
          ? `Imported ${version.name} version ${version.version}: ${describeSize(version)} from ${path.basename(version.source_path)} (${version.source_format})`
          : `${version.name} version ${version.version} already holds this content; nothing new was stored`;
        return [headline, `content sha256 ${version.sha256}`, ...version.warnings.map((warning) => `warning: ${warning}`), '', statsTable(result)].join('\n');
      });
    });
    return;
  }

  if (verb === 'list') {
    await withWorkspace(values, (workspace) => {
      const datasets = new DatasetService(workspace).store.list();
      output.result({ datasets }, () =>
        datasets.length === 0
          ? 'No datasets yet. Import one with: mlwb datasets import FILE'
          : table(
              ['NAME', 'LATEST', 'ROWS', 'COLUMNS', 'FORMAT', 'UPDATED', 'BY'],
              datasets.map(({ name, latest, last_update_time }) => [name, `v${latest.version}`, String(latest.row_count), String(latest.column_count), latest.source_format, new Date(last_update_time).toISOString(), latest.created_by]),
            ),
      );
    });
    return;
  }

  if (verb === 'show') {
    const reference = requirePositional(positionals, 1, 'NAME[:VERSION]', usage);
    const colon = reference.lastIndexOf(':');
    const name = colon < 0 ? reference : reference.slice(0, colon);
    const version = colon < 0 ? undefined : parseVersion(reference.slice(colon + 1));
    await withWorkspace(values, (workspace) => {
      const service = new DatasetService(workspace);
      const record = service.store.version(name, version);
      const { schema, stats, columnar_size: _size, ...summary } = record;
      const detail: DatasetVersionResponse = { version: summary, schema, stats };
      output.result(detail, () =>
        [
          `${summary.name} version ${summary.version}: ${describeSize(summary)}, ${summary.source_format} from ${summary.source_path}`,
          `imported ${new Date(summary.created_time).toISOString()} by ${summary.created_by}; content sha256 ${summary.sha256}`,
          ...Object.entries(summary.type_overrides).map(([column, type]) => `override: ${column} → ${type}`),
          ...summary.warnings.map((warning) => `warning: ${warning}`),
          '',
          statsTable(detail),
        ].join('\n'),
      );
    });
    return;
  }

  throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
}

async function withWorkspace<Result>(values: { workspace?: string; user?: string }, work: (workspace: Workspace) => Promise<Result> | Result): Promise<Result> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}

function parseFormat(text: string | undefined): DatasetFormat | undefined {
  if (text === undefined) return undefined;
  const format = text.toLowerCase();
  if (!(datasetFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${datasetFormats.join(', ')}, got '${text}'`);
  return format as DatasetFormat;
}

function describeSize(version: DatasetVersionSummary): string {
  return `${version.row_count.toLocaleString('en-US')} rows × ${version.column_count} columns`;
}

function statsTable({ schema, stats }: Pick<DatasetVersionResponse, 'schema' | 'stats'>): string {
  const footnote = schema.some((column) => column.overridden) ? '\n* type set by an override (--type)' : '';
  return `${table(
    ['COLUMN', 'TYPE', 'MISSING', 'DISTINCT', 'MIN', 'P50', 'MEAN', 'MAX', 'STD', 'TOP'],
    stats.map((column, index) => {
      const type = schema[index]?.overridden ? `${column.type}*` : column.type;
      const value = (number: number | null | undefined) => formatValue(column, number);
      return [
        column.name,
        type,
        column.missing === 0 ? '0' : `${column.missing} (${percent(column.missing, column.count + column.missing)})`,
        String(column.distinct),
        column.type === 'boolean' ? '' : value(column.min),
        value(column.quantiles?.p50),
        value(column.mean),
        column.type === 'boolean' ? '' : value(column.max),
        column.type === 'datetime' && column.std !== null ? `${formatNumber(column.std / 86_400_000)} days` : value(column.std),
        column.top
          .slice(0, 3)
          .map((entry) => `${entry.value} (${entry.count})`)
          .join(', '),
      ];
    }),
  )}${footnote}`;
}

function formatValue(column: DatasetColumnStats, number: number | null | undefined): string {
  if (number === null || number === undefined) return '';
  if (column.type === 'datetime') {
    const iso = new Date(Math.round(number / 1000) * 1000).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  return formatNumber(number);
}

function formatNumber(number: number): string {
  return Number.isInteger(number) ? String(number) : String(Number(number.toPrecision(6)));
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Number(((100 * part) / whole).toPrecision(3))}%`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
