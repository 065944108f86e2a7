// `mlwb features plan|apply|list|historical|online|materialize|materialize-incremental` and the
// Feast-style top-level `mlwb materialize START END` / `mlwb materialize-incremental [END]`.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { tableRows } from '../datasets/dataset-service.js';
import { writeTableParquet } from '../datasets/parquet-writer.js';
import { FeatureService, parseTime } from '../features/feature-service.js';
import { parseDatasetReference, type TableSource } from '../features/feature-sources.js';
import type { MaterializeRun } from '../features/feature-service.js';
import { writeTableCsv } from '../features/training-set.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError, type Output } from './output.js';

const usage = `mlwb features plan --repo DIR
  mlwb features apply --repo DIR
  mlwb features list
  mlwb features historical --entities NAME[:VERSION]|FILE (--features VIEW:FEATURE,… | --service NAME)
                           [--full-feature-names] [--filter-by-created] [--save-as NAME] [--out FILE.csv|FILE.parquet]
  mlwb features online (--features VIEW:FEATURE,… | --service NAME) --entity KEY=V1,V2 [--full-feature-names]
  (--full-names is short for --full-feature-names)
  mlwb features materialize START END [--views A,B]
  mlwb features materialize-incremental [END] [--views A,B]`;

const options = {
  repo: { type: 'string' },
  entities: { type: 'string' },
  features: { type: 'string' },
  service: { type: 'string' },
  'full-feature-names': { type: 'boolean', default: false },
  'full-names': { type: 'boolean', default: false },
  'filter-by-created': { type: 'boolean', default: false },
  'save-as': { type: 'string' },
  out: { type: 'string' },
  entity: { type: 'string', multiple: true },
  views: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommand<typeof options>>['values'];

export async function featuresCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, options);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  const output = createOutput(values.json);
  if (verb === 'materialize' || verb === 'materialize-incremental') return materialize(values, positionals.slice(1), verb === 'materialize-incremental', output);
  if (!['plan', 'apply', 'list', 'historical', 'online'].includes(verb)) throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);

  await withFeatures(values, async (service) => {
    if (verb === 'plan' || verb === 'apply') {
      if (!values.repo) throw new UsageError(`Missing --repo DIR. Usage: ${usage}`);
      const warnings = (lines: string[]) => lines.map((warning) => `warning: ${warning}`);
      if (verb === 'plan') {
        const result = service.plan(values.repo);
        output.result(result, () => [...warnings(result.warnings), ...result.lines].join('\n'));
      } else {
        const result = service.apply(values.repo, service.workspace.user);
        const headline = result.applied ? `Applied feature repo version ${result.version}` : `Nothing applied: version ${result.version} is current`;
        output.result(result, () => [...warnings(result.warnings), ...result.lines, headline].join('\n'));
      }
    } else if (verb === 'list') {
      const applied = service.registry.current();
      const status = service.onlineStatus();
      const document = applied && { ...applied, online: Object.fromEntries(status) };
      output.result(document ?? { version: null }, () => {
        if (!applied) return 'No feature repo applied yet. Apply one with: mlwb features apply --repo DIR';
        const views = applied.repo.feature_views.map((view) => {
          const entry = status.get(view.name);
          const last = entry?.last_materialization;
          return [view.name, view.entities.join(', '), view.schema.map((field) => field.name).join(', '), view.ttl, view.online ? 'yes' : 'no', String(entry?.online_rows ?? 0), last ? new Date(last.end).toISOString() : ''];
        });
        return [
          `Feature repo ${applied.repo.project} version ${applied.version}, applied ${new Date(applied.applied_time).toISOString()} by ${applied.applied_by} from ${applied.directory}`,
          '',
          table(['ENTITY', 'JOIN KEY'], applied.repo.entities.map((entity) => [entity.name, entity.join_keys.join(', ')])),
          '',
          table(['FEATURE VIEW', 'ENTITIES', 'FEATURES', 'TTL', 'ONLINE', 'ONLINE ROWS', 'MATERIALIZED TO'], views),
          '',
          table(['FEATURE SERVICE', 'FEATURES'], applied.repo.feature_services.map((entry) => [entry.name, entry.features.map((item) => (item.features ? `${item.feature_view}:${item.features.join('|')}` : item.feature_view)).join(', ')])),
        ].join('\n');
      });
    } else if (verb === 'historical') {
      if (!values.entities) throw new UsageError(`Missing --entities NAME[:VERSION]|FILE. Usage: ${usage}`);
      const format = values.out === undefined ? undefined : /\.(csv|parquet)$/i.exec(values.out)?.[1].toLowerCase();
      if (values.out !== undefined && format === undefined) throw new UsageError(`--out writes CSV or Parquet: give a file ending in .csv or .parquet, got '${values.out}'`);
      const result = await service.historical({
        entities: entitySource(values.entities),
        features: featureList(values.features),
        service: values.service,
        fullFeatureNames: values['full-feature-names'] || values['full-names'],
        filterByCreatedTimestamp: values['filter-by-created'],
        saveAs: values['save-as'],
        user: service.workspace.user,
      });
      if (values.out !== undefined) await (format === 'parquet' ? writeTableParquet : writeTableCsv)(result.table, values.out);
      const head = { rowCount: Math.min(10, result.table.rowCount), columns: result.table.columns };
      const document = { repo_version: result.repo_version, row_count: result.table.rowCount, columns: result.table.columns.map((column) => ({ name: column.name, type: column.type })), lineage: result.lineage, dataset: result.dataset ?? null, out: values.out ?? null };
      output.result(document, () =>
        [
          `${result.table.rowCount.toLocaleString('en-US')} rows × ${result.table.columns.length} columns from feature repo version ${result.repo_version}`,
          ...(result.dataset ? [`Saved as dataset ${result.dataset.version.name} version ${result.dataset.version.version}${result.dataset.created ? '' : ' (same content as before)'}`] : []),
          ...(values.out ? [`Wrote ${values.out}`] : []),
          '',
          table(result.table.columns.map((column) => column.name), tableRows(head).map((row) => row.map((cell) => (cell === null ? '' : String(cell))))),
        ].join('\n'),
      );
    } else {
      const entities = entityValues(values.entity ?? [], service);
      const response = service.getOnline({ features: featureList(values.features), service: values.service, entities, fullFeatureNames: values['full-feature-names'] || values['full-names'] });
      output.result(response, () => {
        const rows = response.results[0]?.values.map((_, row) => response.results.map((result) => `${result.values[row] === null ? '' : String(result.values[row])}${result.statuses[row] === 'PRESENT' ? '' : ` (${result.statuses[row]})`}`)) ?? [];
        return table(response.metadata.feature_names, rows);
      });
    }
  });
}

/** `mlwb materialize START END` and `mlwb materialize-incremental [END]` (Feast's CLI shape). */
export async function materializeCommand(argv: string[], incremental: boolean): Promise<void> {
  const { values, positionals } = parseCommand(argv, options);
  await materialize(values, positionals, incremental, createOutput(values.json));
}

async function materialize(values: Values, positionals: string[], incremental: boolean, output: Output): Promise<void> {
  const views = values.views?.split(',').map((name) => name.trim()).filter(Boolean);
  let run: (service: FeatureService) => Promise<MaterializeRun>;
  if (incremental) {
    const end = positionals[0] === undefined ? Date.now() : parseTime(positionals[0], 'END');
    run = (service) => service.materializeIncremental(end, views);
  } else {
    const where = 'Usage: mlwb materialize START END [--views A,B] (ISO 8601 times; no offset = UTC)';
    const start = parseTime(requirePositional(positionals, 0, 'START', where), 'START');
    const end = parseTime(requirePositional(positionals, 1, 'END', where), 'END');
    run = (service) => service.materialize(start, end, views);
  }
  await withFeatures(values, async (service) => {
    const result = await run(service);
    output.result(result, () =>
      [
        ...result.views.flatMap((view) => (view.notice ? [`notice: ${view.notice}`] : [])),
        `Materialized feature repo version ${result.repo_version}; only the latest row per key inside each window is written, and never over a newer value.`,
        table(
          ['FEATURE VIEW', 'FROM', 'TO', 'ROWS SCANNED', 'KEYS WRITTEN', 'SKIPPED (OLDER)'],
          result.views.map((view) => [view.feature_view, new Date(view.start).toISOString(), new Date(view.end).toISOString(), String(view.rows_scanned), String(view.keys_written), String(view.keys_skipped_older)]),
        ),
      ].join('\n'),
    );
  });
}

async function withFeatures(values: Values, work: (service: FeatureService) => Promise<void> | void): Promise<void> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    await work(new FeatureService(workspace));
  } finally {
    await workspace.close();
  }
}

/** An existing file is a file; anything else is a dataset `NAME[:VERSION]`. */
function entitySource(text: string): TableSource {
  if (existsSync(text) && statSync(text).isFile()) return { file: path.resolve(text) };
  if (/[\\/]|\.(csv|parquet|pq|tsv)$/i.test(text)) throw new UsageError(`--entities: no such file: ${text}`);
  return parseDatasetReference(text);
}

function featureList(text: string | undefined): string[] | undefined {
  return text?.split(',').map((item) => item.trim()).filter(Boolean);
}

/**
 * `--entity customer_id=C1,C2`. Values stay strings unless the entity declares a numeric
 * value_type: the online store keeps the number 1 and the string "1" apart.
 */
function entityValues(items: readonly string[], service: FeatureService): Record<string, (string | number)[]> {
  if (items.length === 0) throw new UsageError(`Missing --entity KEY=V1,V2. Usage: ${usage}`);
  const entities = service.registry.current()?.repo.entities ?? [];
  const result: Record<string, (string | number)[]> = {};
  for (const item of items) {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new UsageError(`--entity expects KEY=V1,V2, got '${item}'`);
    const key = item.slice(0, equals);
    const numeric = /^(Int32|Int64|Float32|Float64)$/.test(entities.find((entity) => entity.join_keys.includes(key))?.value_type ?? '');
    result[key] = item
      .slice(equals + 1)
      .split(',')
      .map((value) => {
        if (!numeric) return value;
        const number = Number(value);
        if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`--entity ${key}: '${value}' is not a number, but the entity's value_type is numeric`);
        return number;
      });
  }
  return result;
}
