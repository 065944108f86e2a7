// Suites and validation runs in the workspace. A suite is a name with immutable versions, each the
// whole GX 1.x document, so a run always names the exact expectations it checked and an edit never
// rewrites history. Runs keep the GE-shaped result whole, with a summary for lists.
import type { Sqlite } from '../workspace/database.js';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { ExpectationSuite, SuiteValidationResult, ValidationStatistics } from './model.js';
import { suiteToJson } from './suite.js';

// Tables: migration 8 (core/workspace/migrations.ts).

export interface StoredSuite {
  name: string;
  version: number;
  suite: ExpectationSuite;
  created_time: number;
  created_by: string;
}

export interface SuiteSummary {
  name: string;
  version: number;
  expectation_count: number;
  created_time: number;
  created_by: string;
}

export interface ValidationRunSummary {
  id: string;
  suite: string;
  suite_version: number;
  dataset: string;
  dataset_version: number;
  success: boolean;
  statistics: ValidationStatistics;
  created_time: number;
  created_by: string;
}

interface SuiteRow {
  name: string;
  version: number;
  document: string;
  created_time: number;
  created_by: string;
}

interface RunRow extends Omit<ValidationRunSummary, 'success' | 'statistics'> {
  success: number;
  statistics: string;
  result: string;
}

/** Same rule as dataset names: the name travels in URLs and file names (GX stores `<name>.json`). */
export function validateSuiteName(name: string): string {
  if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(name)) throw new ValidationError(`Invalid suite name '${name}': use letters, digits, '.', '_' or '-' (up to 100), starting with a letter or digit.`, { field: 'name', value: name });
  return name;
}

function storedSuite(row: SuiteRow): StoredSuite {
  return { name: row.name, version: row.version, suite: JSON.parse(row.document) as ExpectationSuite, created_time: row.created_time, created_by: row.created_by };
}

function runSummary(row: RunRow): ValidationRunSummary {
  return { id: row.id, suite: row.suite, suite_version: row.suite_version, dataset: row.dataset, dataset_version: row.dataset_version, success: row.success === 1, statistics: JSON.parse(row.statistics) as ValidationStatistics, created_time: row.created_time, created_by: row.created_by };
}

export class SuiteStore {
  constructor(private readonly db: Sqlite) {}

  /** The latest version of every suite. */
  list(): SuiteSummary[] {
    const rows = this.db
      .prepare('SELECT s.* FROM validation_suites s JOIN (SELECT name, max(version) AS version FROM validation_suites GROUP BY name) latest USING (name, version) ORDER BY s.name')
      .all() as SuiteRow[];
    return rows.map((row) => {
      const { suite, ...rest } = storedSuite(row);
      return { ...rest, expectation_count: suite.expectations.length };
    });
  }

  versions(name: string): SuiteSummary[] {
    const rows = this.db.prepare('SELECT * FROM validation_suites WHERE name = ? ORDER BY version DESC').all(name) as SuiteRow[];
    return rows.map((row) => {
      const { suite, ...rest } = storedSuite(row);
      return { ...rest, expectation_count: suite.expectations.length };
    });
  }

  /** The latest version when `version` is omitted. */
  get(name: string, version?: number): StoredSuite {
    const row = (
      version === undefined
        ? this.db.prepare('SELECT * FROM validation_suites WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.db.prepare('SELECT * FROM validation_suites WHERE name = ? AND version = ?').get(name, version)
    ) as SuiteRow | undefined;
    if (!row) throw new NotFoundError(version === undefined ? `Suite '${name}' does not exist.` : `Suite '${name}' has no version ${version}.`, { suite: name, ...(version === undefined ? {} : { version }) });
    return storedSuite(row);
  }

  /**
   * Stores `suite` as the next version of its name; the document's own `name` is the key. The
   * same document as the latest version adds nothing (re-importing a file is not a new version).
   */
  save(suite: ExpectationSuite, user: string): { stored: StoredSuite; created: boolean } {
    validateSuiteName(suite.name);
    const document = JSON.stringify(suiteToJson(suite));
    return this.db.transaction(() => {
      const latest = this.db.prepare('SELECT * FROM validation_suites WHERE name = ? ORDER BY version DESC LIMIT 1').get(suite.name) as SuiteRow | undefined;
      if (latest && latest.document === document) return { stored: storedSuite(latest), created: false };
      const row: SuiteRow = { name: suite.name, version: (latest?.version ?? 0) + 1, document, created_time: Date.now(), created_by: user };
      this.db.prepare('INSERT INTO validation_suites (name, version, document, created_time, created_by) VALUES (?, ?, ?, ?, ?)').run(row.name, row.version, row.document, row.created_time, row.created_by);
      return { stored: storedSuite(row), created: true };
    })();
  }

  insertRun(run: { id: string; suite: string; suiteVersion: number; dataset: string; datasetVersion: number; result: SuiteValidationResult; user: string }): ValidationRunSummary {
    const row: RunRow = {
      id: run.id,
      suite: run.suite,
      suite_version: run.suiteVersion,
      dataset: run.dataset,
      dataset_version: run.datasetVersion,
      success: run.result.success ? 1 : 0,
      statistics: JSON.stringify(run.result.statistics),
      result: JSON.stringify(run.result),
      created_time: Date.now(),
      created_by: run.user,
    };
    this.db
      .prepare('INSERT INTO validation_runs (id, suite, suite_version, dataset, dataset_version, success, statistics, result, created_time, created_by) VALUES (@id, @suite, @suite_version, @dataset, @dataset_version, @success, @statistics, @result, @created_time, @created_by)')
      .run(row);
    return runSummary(row);
  }

  /** Newest first; every run, or those of one dataset (and version). */
  runs(filter: { dataset?: string; datasetVersion?: number; limit?: number } = {}): ValidationRunSummary[] {
    const where: string[] = [];
    const values: Array<string | number> = [];
    if (filter.dataset !== undefined) {
      where.push('dataset = ?');
      values.push(filter.dataset);
    }
    if (filter.datasetVersion !== undefined) {
      where.push('dataset_version = ?');
      values.push(filter.datasetVersion);
    }
    const sql = `SELECT id, suite, suite_version, dataset, dataset_version, success, statistics, '' AS result, created_time, created_by FROM validation_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_time DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, filter.limit ?? 200) as RunRow[]).map(runSummary);
  }

  run(id: string): ValidationRunSummary & { result: SuiteValidationResult } {
    const row = this.db.prepare('SELECT * FROM validation_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new NotFoundError(`Validation run '${id}' does not exist.`, { id });
    return { ...runSummary(row), result: JSON.parse(row.result) as SuiteValidationResult };
  }
}
