// `mlwb validate` and `mlwb suites`: run Great-Expectations-compatible suites on datasets or files
// from a shell or CI. `validate` exits 1 when the suite fails, so a script can gate on it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseVersion } from '../datasets/dataset-routes.js';
import { validateDatasetName } from '../datasets/dataset-store.js';
import { resultFormatLevels, type ResultFormatLevel } from '../validation/model.js';
import { suiteToJson, writeSuite } from '../validation/suite.js';
import { describeFailures, ValidationService } from '../validation/validation-service.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { parseCommand, requirePositional } from './args.js';
import { CommandFailure, createOutput, table, UsageError } from './output.js';

const validateUsage = 'mlwb validate --suite NAME[:VERSION] --data DATASET[:VERSION]|FILE [--result-format BOOLEAN_ONLY|BASIC|SUMMARY|COMPLETE] [--json]';
const suitesUsage = `mlwb suites list
       mlwb suites show NAME[:VERSION] [--gx]
       mlwb suites import FILE.json [--name NAME]
       mlwb suites scaffold --data DATASET[:VERSION] --name NAME`;

type DataSource = { file: string } | { dataset: string; version?: number };

function splitVersion(text: string, flag: string): { name: string; version?: number } {
  const colon = text.lastIndexOf(':');
  try {
    return { name: colon < 0 ? text : text.slice(0, colon), version: colon < 0 ? undefined : parseVersion(text.slice(colon + 1)) };
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

/** DATASET[:VERSION] of a stored dataset, or a CSV/Parquet file when such a file exists. */
async function parseData(text: string): Promise<DataSource> {
  const info = await stat(text).catch(() => null);
  if (info?.isFile()) return { file: path.resolve(text) };
  if (/[\\/]/.test(text) || /\.(csv|tsv|txt|parquet|pq)$/i.test(text)) throw new UsageError(`--data: no such file: ${text}`);
  const { name, version } = splitVersion(text, 'data');
  try {
    return { dataset: validateDatasetName(name), version };
  } catch (error) {
    throw new UsageError(`--data: ${(error as Error).message}`);
  }
}

function parseResultFormat(text: string | undefined): ResultFormatLevel | undefined {
  if (text === undefined) return undefined;
  const level = text.toUpperCase() as ResultFormatLevel;
  if (!resultFormatLevels.includes(level)) throw new UsageError(`--result-format must be one of ${resultFormatLevels.join(', ')}, got '${text}'`);
  return level;
}

async function withValidation<Result>(values: { workspace?: string; user?: string }, work: (service: ValidationService, user: string) => Promise<Result>): Promise<Result> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    return await work(new ValidationService(workspace), workspace.user);
  } finally {
    await workspace.close();
  }
}

export async function validateCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { suite: { type: 'string' }, data: { type: 'string' }, 'result-format': { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'. Usage: ${validateUsage}`);
  if (!values.suite || !values.data) throw new UsageError(`--suite and --data are required. Usage: ${validateUsage}`);
  const suite = splitVersion(values.suite, 'suite');
  const resultFormat = parseResultFormat(values['result-format']);
  const data = await parseData(values.data);
  const output = createOutput(values.json);
  const outcome = await withValidation(values, (service, user) =>
    'file' in data
      ? service.runOnFile({ suite: suite.name, suiteVersion: suite.version, file: data.file, resultFormat })
      : service.runOnDataset({ suite: suite.name, suiteVersion: suite.version, dataset: data.dataset, version: data.version, resultFormat, user }),
  );
  const { result, run } = outcome;
  const { statistics } = result;
  const label = run ? `${run.dataset}:v${run.dataset_version}` : path.basename(values.data);
  output.result(values.json ? { run, result } : result, () =>
    [
      `Suite ${result.suite_name} on ${label}: ${result.success ? 'PASSED' : 'FAILED'} (${statistics.successful_expectations} of ${statistics.evaluated_expectations} expectations met)`,
      ...describeFailures(result, Infinity).map((line) => `  fail: ${line}`),
    ].join('\n'),
  );
  if (!result.success) {
    throw new CommandFailure(`Suite ${result.suite_name} failed on ${label}: ${statistics.unsuccessful_expectations} of ${statistics.evaluated_expectations} expectations not met\n${describeFailures(result).map((line) => `  ${line}`).join('\n')}`);
  }
}

export async function suitesCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { data: { type: 'string' }, name: { type: 'string' }, gx: { type: 'boolean', default: false } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb (list, show, import, scaffold)', suitesUsage);
  if (verb === 'list') {
    const suites = await withValidation(values, async (service) => service.store.list());
    return output.result({ suites }, () =>
      suites.length === 0
        ? 'No suites yet: mlwb suites scaffold --data DATASET --name NAME, or mlwb suites import FILE.json'
        : table(['NAME', 'VERSION', 'EXPECTATIONS', 'CREATED', 'BY'], suites.map((suite) => [suite.name, String(suite.version), String(suite.expectation_count), new Date(suite.created_time).toISOString(), suite.created_by])),
    );
  }
  if (verb === 'show') {
    const { name, version } = splitVersion(requirePositional(positionals, 1, 'a suite name', suitesUsage), 'name');
    const stored = await withValidation(values, async (service) => service.store.get(name, version));
    // --gx prints the bare GX 1.x file (what Great Expectations reads), --json or not.
    if (values.gx) return void process.stdout.write(writeSuite(stored.suite));
    return output.result({ name: stored.name, version: stored.version, created_time: stored.created_time, created_by: stored.created_by, document: suiteToJson(stored.suite) }, () =>
      [
        `Suite ${stored.name} v${stored.version} (${stored.suite.expectations.length} expectations; by ${stored.created_by}, ${new Date(stored.created_time).toISOString()})`,
        table(['#', 'TYPE', 'ARGUMENTS'], stored.suite.expectations.map((entry, index) => [String(index + 1), entry.type, JSON.stringify(entry.kwargs)])),
      ].join('\n'),
    );
  }
  if (verb === 'import') {
    const file = requirePositional(positionals, 1, 'a suite file (GX JSON)', suitesUsage);
    const text = await readFile(file, 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${file}`);
    });
    const imported = await withValidation(values, async (service, user) => service.importSuite(text, { name: values.name, user }));
    return output.result({ suite: { name: imported.stored.name, version: imported.stored.version }, created: imported.created, format: imported.format, warnings: imported.warnings }, () =>
      [
        imported.created ? `Imported ${imported.stored.name} v${imported.stored.version} (GX ${imported.format} format, ${imported.stored.suite.expectations.length} expectations)` : `${imported.stored.name} v${imported.stored.version} already holds this suite; nothing added`,
        ...imported.warnings.map((warning) => `warning: ${warning.path}: ${warning.message.split(';')[0]} (kept; reported unsupported when run)`),
      ].join('\n'),
    );
  }
  if (verb === 'scaffold') {
    if (!values.data || !values.name) throw new UsageError(`--data and --name are required. Usage: ${suitesUsage}`);
    const { name: dataset, version } = splitVersion(values.data, 'data');
    const { stored, created } = await withValidation(values, async (service, user) => service.scaffold({ dataset, version, name: values.name!, user }));
    return output.result({ suite: { name: stored.name, version: stored.version }, created, document: suiteToJson(stored.suite) }, () =>
      `${created ? 'Scaffolded' : 'Unchanged:'} ${stored.name} v${stored.version} with ${stored.suite.expectations.length} expectations from ${dataset}${version === undefined ? '' : `:v${version}`}. Edit it, then: mlwb validate --suite ${stored.name} --data ${dataset}`,
    );
  }
  throw new UsageError(`Unknown verb '${verb}'. Usage: ${suitesUsage}`);
}
