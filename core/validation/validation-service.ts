// What the routes, the CLI and the training gate share: import, scaffold and run suites against
// stored dataset versions. A run reads the version's columnar file inside a worker (rule 3) and is
// stored with the exact suite version it checked.
import { randomBytes, randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../api/errors.js';
import { DatasetStore } from '../datasets/dataset-store.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ExpectationValidationResult, ResultFormatInput, SuiteValidationResult } from './model.js';
import { scaffoldSuite } from './scaffold.js';
import { readSuite, type SuiteProblem } from './suite.js';
import { SuiteStore, validateSuiteName, type StoredSuite, type ValidationRunSummary } from './suite-store.js';

export interface ImportedSuite {
  stored: StoredSuite;
  created: boolean;
  format: 'v1' | 'v0';
  /** Unknown expectation types: kept, and reported unsupported when run (reference §1.2). */
  warnings: SuiteProblem[];
}

export interface SuiteRun {
  /** Null for a file that is not a stored dataset: such runs are not kept. */
  run: ValidationRunSummary | null;
  result: SuiteValidationResult;
}

export class ValidationService {
  readonly store: SuiteStore;

  constructor(readonly workspace: Workspace) {
    this.store = new SuiteStore(workspace.db);
  }

  /** GX 1.x or 0.x JSON (text or parsed); `name` renames it (an imported file's name may clash). */
  importSuite(document: string | unknown, options: { name?: string; user: string }): ImportedSuite {
    const { suite, format, warnings } = readSuite(document);
    if (options.name !== undefined) suite.name = validateSuiteName(options.name);
    const { stored, created } = this.store.save(suite, options.user);
    return { stored, created, format, warnings };
  }

  scaffold(options: { dataset: string; version?: number; name: string; user: string }): { stored: StoredSuite; created: boolean } {
    validateSuiteName(options.name);
    const version = new DatasetStore(this.workspace.db).version(options.dataset, options.version);
    return this.store.save(scaffoldSuite(version, { name: options.name }), options.user);
  }

  /** Runs the suite (its latest version unless given) on a stored dataset version and keeps the run. */
  async runOnDataset(options: { suite: string; suiteVersion?: number; dataset: string; version?: number; resultFormat?: ResultFormatInput; user: string }): Promise<SuiteRun & { run: ValidationRunSummary }> {
    const stored = this.store.get(options.suite, options.suiteVersion);
    const record = new DatasetStore(this.workspace.db).version(options.dataset, options.version);
    const result = await this.workspace.pool.run('validateDataset', {
      datasetFile: this.workspace.artifacts.objectPath(record.sha256),
      suite: stored.suite,
      resultFormat: options.resultFormat,
      batchId: `${record.name}-v${record.version}`,
    });
    const run = this.store.insertRun({ id: randomUUID(), suite: stored.name, suiteVersion: stored.version, dataset: record.name, datasetVersion: record.version, result, user: options.user });
    return { run, result };
  }

  /** Runs the suite on a CSV/Parquet file, parsed on the pool into a temporary columnar file. */
  async runOnFile(options: { suite: string; suiteVersion?: number; file: string; resultFormat?: ResultFormatInput }): Promise<SuiteRun> {
    const stored = this.store.get(options.suite, options.suiteVersion);
    const info = await stat(options.file).catch(() => null);
    if (!info?.isFile()) throw new ValidationError(`No such file: ${options.file}`, { file: options.file });
    const output = path.join(this.workspace.paths.artifacts, 'tmp', `validate-${randomBytes(12).toString('hex')}.mlwbcol`);
    try {
      const parsed = await this.workspace.pool.run('parseDataset', { file: path.resolve(options.file), types: {}, output });
      if (!parsed.ok) throw new ValidationError(`${options.file}: ${parsed.message}`, { file: options.file, ...parsed.details });
      const result = await this.workspace.pool.run('validateDataset', { datasetFile: output, suite: stored.suite, resultFormat: options.resultFormat, batchId: path.basename(options.file) });
      return { run: null, result };
    } finally {
      await rm(output, { force: true });
    }
  }
}

/** "type(column): observed …" for each failed expectation: what a CLI or an error message shows. */
export function describeFailures(result: SuiteValidationResult, limit = 10): string[] {
  const failed = result.results.filter((entry) => !entry.success);
  const lines = failed.slice(0, limit).map(describeFailure);
  if (failed.length > limit) lines.push(`… and ${failed.length - limit} more`);
  return lines;
}

export function describeFailure(entry: ExpectationValidationResult): string {
  const { type, kwargs } = entry.expectation_config;
  const target = typeof kwargs.column === 'string' ? kwargs.column : Array.isArray(kwargs.column_list) ? kwargs.column_list.join(', ') : typeof kwargs.column_A === 'string' ? `${kwargs.column_A}, ${kwargs.column_B}` : '';
  const head = target ? `${type}(${target})` : type;
  if (entry.exception_info.raised_exception) return `${head}: ${entry.exception_info.exception_message}`;
  const { result } = entry;
  if (typeof result.unexpected_count === 'number') {
    const sample = Array.isArray(result.partial_unexpected_list) && result.partial_unexpected_list.length > 0 ? `, e.g. ${result.partial_unexpected_list.slice(0, 5).map((value) => JSON.stringify(value)).join(', ')}` : '';
    return `${head}: ${result.unexpected_count} unexpected of ${result.element_count} rows${sample}`;
  }
  if ('observed_value' in result) return `${head}: observed ${JSON.stringify(result.observed_value)}`;
  return head;
}
